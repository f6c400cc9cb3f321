/* SPDX-License-Identifier: MIT */
#include "storage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileread.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC)

/* Why opening comp (whose whole path is so_far) failed: the errno to report. */
static int explain(int dirfd, const char *comp, const char *so_far, int e, char *why,
		   size_t whylen)
{
	struct stat st;

	if (fstatat(dirfd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
		snprintf(why, whylen,
			 "%s is a symbolic link (never followed on an "
			 "instance's storage)",
			 so_far);
		return ELOOP;
	}
	if (e == ENOTDIR)
		snprintf(why, whylen, "%s is not a directory", so_far);
	else
		snprintf(why, whylen, "%s: %s", so_far, strerror(e));
	return e;
}

/* Open rel (a relative directory path) below the directory fd base. */
static int walk(int base, const char *mount, const char *rel, char *why, size_t whylen)
{
	size_t mlen = strlen(mount), rlen = strlen(rel), off = 0;
	char *so_far = malloc(mlen + rlen + 2);
	int fd = base, e;

	if (!so_far) {
		close(base);
		return -1;
	}
	snprintf(so_far, mlen + rlen + 2, "%s", mount);
	while (rel[off]) {
		size_t n = strcspn(rel + off, "/");
		char comp[256];
		int next;

		if (n == 0) {
			off++;
			continue;
		}
		snprintf(so_far + mlen, rlen + 2, "/%.*s", (int)(off + n), rel);
		if (n >= sizeof comp || (n == 2 && strncmp(rel + off, "..", 2) == 0) ||
		    (n == 1 && rel[off] == '.')) {
			snprintf(why, whylen, "%s: not a plain name", so_far);
			e = EINVAL;
			goto fail;
		}
		memcpy(comp, rel + off, n);
		comp[n] = '\0';
		next = openat(fd, comp, DIR_FLAGS | O_NOFOLLOW);
		if (next < 0) {
			e = explain(fd, comp, so_far, errno, why, whylen);
			goto fail;
		}
		close(fd);
		fd = next;
		off += n;
	}
	free(so_far);
	return fd;
fail:
	free(so_far);
	close(fd);
	errno = e;
	return -1;
}

/* path below mount: the part after "mount/", else NULL. */
static const char *below(const char *mount, const char *path)
{
	size_t n = strlen(mount);

	while (n > 1 && mount[n - 1] == '/')
		n--;
	if (strncmp(path, mount, n) != 0 || path[n] != '/')
		return NULL;
	return path + n + 1;
}

/* The directory path holding path's last component ("/" for "/x"). */
static char *dir_of(const char *path, const char *slash)
{
	return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

int storage_reach(struct storage_file *f, const char *mount, const char *path, char *why,
		  size_t whylen)
{
	const char *rel = mount ? below(mount, path) : NULL, *slash = strrchr(path, '/');
	char *dir = NULL;
	int e;

	f->dirfd = -1;
	f->name = NULL;
	f->path = strdup(path);
	if (!f->path || !slash || !slash[1]) {
		snprintf(why, whylen, "%s: not a file path", path);
		errno = f->path ? EINVAL : ENOMEM;
		goto fail;
	}
	f->name = strdup(slash + 1);
	dir = rel ? strndup(rel, slash > rel ? (size_t)(slash - rel) : 0) :
		    dir_of(path, slash);
	if (!f->name || !dir) {
		snprintf(why, whylen, "out of memory");
		errno = ENOMEM;
		goto fail;
	}
	if (!rel) {
		f->dirfd = open(dir, DIR_FLAGS);
		if (f->dirfd < 0)
			snprintf(why, whylen, "%s: %s", dir, strerror(errno));
	} else {
		/* The mount point and what leads to it are root's. */
		int base = open(mount, DIR_FLAGS);

		if (base < 0)
			snprintf(why, whylen, "%s: %s", mount, strerror(errno));
		else
			f->dirfd = walk(base, mount, dir, why, whylen);
	}
	if (f->dirfd >= 0) {
		free(dir);
		return 0;
	}
fail:
	e = errno;
	free(dir);
	storage_release(f);
	errno = e;
	return -1;
}

void storage_release(struct storage_file *f)
{
	if (f->dirfd >= 0)
		close(f->dirfd);
	free(f->path);
	free(f->name);
	f->dirfd = -1;
	f->path = f->name = NULL;
}

char *storage_read(const struct storage_file *f, size_t max, bool prefix, size_t *len,
		   char *why, size_t whylen)
{
	char *buf = file_read_at(f->dirfd, f->name, O_NOFOLLOW, max, prefix, len);
	int e = errno;

	if (buf)
		return buf;
	if (e == EFBIG)
		snprintf(why, whylen, "%s is larger than %zu bytes", f->path, max);
	else if (e == ELOOP)
		snprintf(why, whylen,
			 "%s is a symbolic link (never followed on an "
			 "instance's storage)",
			 f->path);
	else
		snprintf(why, whylen, "%s: %s", f->path, file_strerror(e));
	errno = e;
	return NULL;
}

char *storage_read_path(const char *mount, const char *path, size_t max, bool prefix,
			size_t *len, char *why, size_t whylen)
{
	struct storage_file f;
	char *buf;
	int e;

	if (storage_reach(&f, mount, path, why, whylen) < 0)
		return NULL;
	buf = storage_read(&f, max, prefix, len, why, whylen);
	e = errno;
	storage_release(&f);
	errno = e;
	return buf;
}

int storage_unlink(const struct storage_file *f)
{
	return unlinkat(f->dirfd, f->name, 0);
}
