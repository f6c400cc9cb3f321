/* SPDX-License-Identifier: MIT */
/*
 * What older systems lack, in one place.  The floor is RHEL/CentOS 6:
 * glibc 2.12, kernel 2.6.32 (doc/api-floor.tsv lists every interface used
 * and where it first appeared).  The Makefile's probes handle the rest
 * (-lrt, compiler flags).  SCALIX_HA_FLOOR (make FLOOR=1) forces each
 * fallback here on, so the tests run them on a new system too.
 */
#ifndef SCALIX_HA_COMPAT_H
#define SCALIX_HA_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Fill buf with len random bytes: the getrandom system call where the
 * kernel has it (3.17+; glibc's wrapper needs 2.25), else /dev/urandom.
 * Never blocks.  Returns 0, or -1 with errno set when neither works.
 */
int compat_random(void *buf, size_t len);

/*
 * Do threads a and b share one descriptor table?  True only when the kernel
 * says so: kcmp (Linux 3.5+; before 5.12 only with CONFIG_CHECKPOINT_RESTORE).
 * False where it cannot say (2.6.32, ENOSYS, EPERM), so callers read both.
 */
bool compat_same_files(pid_t a, pid_t b);

#endif
