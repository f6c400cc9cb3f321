/* SPDX-License-Identifier: MIT */
#include "fileread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every byte up to max (or EOF); the file may grow while we read it. */
static char *read_capped(int fd, size_t max, bool prefix, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *nb;

	if (!buf)
		return NULL;
	for (;;) {
		ssize_t r;

		if (n == max + 1 || (prefix && n == max))
			break;
		if (n + 1 == cap) {
			nb = realloc(buf, cap * 2);
			if (!nb)
				goto fail;
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n,
			 (cap - n - 1 < max + 1 - n ? cap - n - 1 : max + 1 - n));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max) {
		if (!prefix) {
			errno = EFBIG;
			goto fail;
		}
		n = max;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	free(buf);
	return NULL;
}

char *file_read_at(int dirfd, const char *name, int flags, size_t max, bool prefix,
		   size_t *len)
{
	struct stat st;
	char *buf = NULL;
	int e, fd;

	fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | flags);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto out;
	}
	if (!prefix && st.st_size > 0 && (unsigned long long)st.st_size > max) {
		errno = EFBIG;
		goto out;
	}
	buf = read_capped(fd, max, prefix, len);
out:
	e = errno;
	close(fd);
	errno = e;
	return buf;
}

char *file_read(const char *path, size_t *len)
{
	return file_read_at(AT_FDCWD, path, 0, FILE_READ_MAX, false, len);
}

bool file_has(const char *path, const char *data, size_t len)
{
	size_t have;
	char *cur = file_read(path, &have);
	bool same = cur && have == len && memcmp(cur, data, len) == 0;

	free(cur);
	return same;
}

const char *file_strerror(int e)
{
	switch (e) {
	case EINVAL:
		return "not a regular file";
	case EFBIG:
		return "larger than the helper reads";
	case ELOOP:
		return "a symbolic link (never followed there)";
	}
	return strerror(e);
}
