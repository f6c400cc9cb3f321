/* SPDX-License-Identifier: MIT */
/*
 * The mount guard: an instance starts only where its shared storage is
 * mounted, so that no empty message store is ever created on local disk.
 */
#ifndef SCALIX_HA_MOUNTGUARD_H
#define SCALIX_HA_MOUNTGUARD_H

#include <stdbool.h>

/* path is a mount point in this mount namespace (per /proc/self/mountinfo). */
bool is_mount_point(const char *path);

/* Forget the cached mount table (after a mount or an unmount). */
void mount_table_reset(void);

#endif
