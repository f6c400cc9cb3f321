/* SPDX-License-Identifier: MIT */
/*
 * Replacing a file so that a crash or an error leaves either the old or the
 * new version, never a mix and never nothing: a temp file in the same
 * directory (O_EXCL|O_NOFOLLOW, the old file's mode, owner and SELinux label),
 * every byte written, fsync, the old version kept as a backup, rename, and an
 * fsync of the directory.  The temp file is removed on any failure.
 */
#ifndef SCALIX_HA_ATOMICFILE_H
#define SCALIX_HA_ATOMICFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "fileread.h"

#define BACKUP_SUFFIX ".scalix-ha.bak"

/*
 * Put data at path atomically.  label_path is the path as the SELinux policy
 * knows it (path without --root).  new_mode applies when path is new.
 * Returns 0, or -1 with errno (a symlink at path is EEXIST: never followed).
 */
int file_replace(const char *path, const char *label_path, const char *data, size_t len,
		 mode_t new_mode, bool backup);

/*
 * The same for name in the directory dirfd (reached by the storage walk):
 * the temp file, the backup and the rename all relative to it, the old
 * file's label read through dirfd too.
 */
int file_replace_at(int dirfd, const char *name, const char *label_path, const char *data,
		    size_t len, mode_t new_mode, bool backup);

/* Point the symlink path at target, atomically (rename over it). */
int symlink_replace(const char *path, const char *label_path, const char *target);

/* Seam for fault-injection tests: the syscalls the writer makes. */
struct atomicfile_ops {
	int (*openat)(int dirfd, const char *name, int flags, mode_t mode);
	ssize_t (*write)(int fd, const void *buf, size_t len);
	int (*fsync)(int fd);
	int (*renameat)(int fromfd, const char *from, int tofd, const char *to);
};
extern struct atomicfile_ops atomicfile_ops;

#endif
