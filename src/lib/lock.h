/* The per-instance lock that serialises calls, and the subsys lock file. */
#ifndef SCALIX_HA_LOCK_H
#define SCALIX_HA_LOCK_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Take RUN_DIR/INSTANCE.lock, waiting until deadline (monotonic ms).
 * Returns the descriptor (close-on-exec, so no daemon inherits the lock),
 * or -1 with errno (ETIMEDOUT when another call kept it).
 */
int instance_lock(const char *run_dir, const char *instance, int64_t deadline);
void instance_unlock(int fd);

/* /var/lock/subsys/scalix-ha-INSTANCE. */
int subsys_touch(const char *path);
int subsys_remove(const char *path);
bool subsys_exists(const char *path);

#endif
