/* SPDX-License-Identifier: MIT */
/* The per-instance lock that serialises calls, and the subsys lock file. */
#ifndef SCALIX_HA_LOCK_H
#define SCALIX_HA_LOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Take RUN_DIR/INSTANCE.lock, waiting until deadline (monotonic ms), and
 * record in it who holds it (our PID, start time and verb).  Returns the
 * descriptor (close-on-exec, so no daemon inherits the lock), or -1 with
 * errno (ETIMEDOUT when another call kept it, EINTR when interrupted).
 */
int instance_lock(const char *run_dir, const char *instance, const char *verb,
		  int64_t deadline);

/* The call that holds (or held) the lock, as it recorded itself. */
struct lock_holder {
	pid_t pid;
	unsigned long long starttime;
	char verb[16];
};

/* 0 when the record names a live process with its recorded start time. */
int lock_holder(const char *run_dir, const char *instance, struct lock_holder *h);
void instance_unlock(int fd);

/* /var/lock/subsys/scalix-ha-INSTANCE. */
int subsys_touch(const char *path);
int subsys_remove(const char *path);
bool subsys_exists(const char *path);

#endif
