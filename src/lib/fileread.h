/* SPDX-License-Identifier: MIT */
/*
 * Reading a whole file in bounded time and memory: opened non-blocking (a
 * FIFO cannot hold the helper), only a regular file is read, and at most a
 * cap of bytes (a link to /dev/zero or a huge file cannot exhaust memory).
 */
#ifndef SCALIX_HA_FILEREAD_H
#define SCALIX_HA_FILEREAD_H

#include <stdbool.h>
#include <stddef.h>

/* The cap of file_read: the largest configuration file the helper reads. */
#define FILE_READ_MAX (16u << 20)

/*
 * name relative to dirfd (AT_FDCWD: a path), opened O_RDONLY|O_NONBLOCK|
 * O_CLOEXEC|flags (e.g. O_NOFOLLOW).  A larger file is EFBIG, or with
 * prefix only its first max bytes are read.  Not a regular file: EISDIR or
 * EINVAL (file_strerror says which).  malloc'd and NUL-ended, or NULL with
 * errno (ENOENT: absent).
 */
char *file_read_at(int dirfd, const char *name, int flags, size_t max, bool prefix,
		   size_t *len);

/* file_read_at(AT_FDCWD, path, 0, FILE_READ_MAX, false, len). */
char *file_read(const char *path, size_t *len);

/* path already holds exactly data. */
bool file_has(const char *path, const char *data, size_t len);

/* strerror, in the words of the read rules above. */
const char *file_strerror(int e);

#endif
