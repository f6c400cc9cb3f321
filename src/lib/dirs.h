/* SPDX-License-Identifier: MIT */
/* Directories made as needed. */
#ifndef SCALIX_HA_DIRS_H
#define SCALIX_HA_DIRS_H

/* mkdir -p with mode for the missing components. */
int mkdir_p(const char *path, unsigned mode);

#endif
