/* SPDX-License-Identifier: MIT */
#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "selinuxlib.h"

static int sys_openat(int dirfd, const char *name, int flags, mode_t mode)
{
	return openat(dirfd, name, flags, mode);
}

struct atomicfile_ops atomicfile_ops = { sys_openat, write, fsync, renameat };

/* Temp name for name in the same directory: ".NAME.scalix-ha.XXXXXXXX". */
static void temp_name(const char *name, char *out, size_t outlen)
{
	uint32_t r;

	if (compat_random(&r, sizeof r) < 0)
		r = (uint32_t)getpid() ^ (uint32_t)(uintptr_t)out;
	snprintf(out, outlen, ".%s.scalix-ha.%08x", name, r);
}

/*
 * Label what we are about to create: the old file's context when it exists,
 * else what the policy says for the final path.  Returns the context set.
 */
static bool set_create_label(const char *path, const char *label_path, mode_t type)
{
	static bool warned;
	const char *err = NULL;
	const struct selinuxlib *se = selinuxlib_get(&err);
	char *con = NULL;
	bool set = false;

	if (!se) {
		/* Every Red Hat system has it (the package requires it). */
		if (!warned)
			log_warn("unable to label new files: %s; they are created "
				 "without an SELinux "
				 "label",
				 err);
		warned = true;
		return false;
	}
	if (se->is_enabled() <= 0)
		return false;
	if (se->lgetfilecon_raw(path, &con) < 0) {
		struct selabel_handle *h = se->selabel_open(SELABEL_CTX_FILE, NULL, 0);

		if (h && se->selabel_lookup_raw(h, &con, label_path, (int)type) < 0)
			con = NULL;
		if (h)
			se->selabel_close(h);
	}
	if (con) {
		set = se->setfscreatecon_raw(con) == 0;
		se->freecon(con);
	}
	return set;
}

static void reset_create_label(bool set)
{
	const char *err;
	const struct selinuxlib *se = set ? selinuxlib_get(&err) : NULL;

	if (se)
		se->setfscreatecon_raw(NULL);
}

/* The directory of path, opened as given (root's directories only). */
static int open_parent(const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (!slash) {
		*name = path;
		return open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	*name = slash + 1;
	dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (!dir)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	return fd;
}

/* The old version, kept beside it as NAME.scalix-ha.bak (hard link, then rename). */
static int keep_backup(int dirfd, const char *name)
{
	char backup[NAME_MAX + 32], tmp[NAME_MAX + 64];

	snprintf(backup, sizeof backup, "%s%s", name, BACKUP_SUFFIX);
	temp_name(backup, tmp, sizeof tmp);
	if (linkat(dirfd, name, dirfd, tmp, 0) < 0)
		return errno == ENOENT ? 0 : -1;
	if (atomicfile_ops.renameat(dirfd, tmp, dirfd, backup) < 0) {
		int e = errno;

		unlinkat(dirfd, tmp, 0);
		errno = e;
		return -1;
	}
	return 0;
}

int file_replace_at(int dirfd, const char *name, const char *label_path, const char *data,
		    size_t len, mode_t new_mode, bool backup)
{
	char tmp[NAME_MAX + 64], old_path[NAME_MAX + 64];
	struct stat old;
	bool exists, labelled;
	size_t done = 0;
	int fd, e;

	if (strlen(name) > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	exists = fstatat(dirfd, name, &old, AT_SYMLINK_NOFOLLOW) == 0;
	if (exists && !S_ISREG(old.st_mode)) {
		errno = EEXIST; /* a link or a device: never written through */
		return -1;
	}
	temp_name(name, tmp, sizeof tmp);
	/* The old file's label through the descriptor, not the path again. */
	snprintf(old_path, sizeof old_path, "/proc/self/fd/%d/%s", dirfd, name);
	labelled = set_create_label(old_path, label_path, S_IFREG);
	fd = atomicfile_ops.openat(
		dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	e = errno;
	reset_create_label(labelled);
	if (fd < 0) {
		errno = e;
		return -1;
	}
	if (exists ? fchown(fd, old.st_uid, old.st_gid) < 0 ||
			     fchmod(fd, old.st_mode & 07777) < 0 :
		     fchmod(fd, new_mode) < 0)
		goto fail;
	while (done < len) {
		ssize_t n = atomicfile_ops.write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			goto fail;
		}
		done += (size_t)n;
	}
	if (atomicfile_ops.fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (exists && backup && keep_backup(dirfd, name) < 0)
		goto fail;
	if (atomicfile_ops.renameat(dirfd, tmp, dirfd, name) < 0)
		goto fail;
	/* The rename itself is durable only once the directory is. */
	atomicfile_ops.fsync(dirfd);
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, tmp, 0);
	errno = e;
	return -1;
}

int file_replace(const char *path, const char *label_path, const char *data, size_t len,
		 mode_t new_mode, bool backup)
{
	const char *name;
	int dirfd = open_parent(path, &name), rc, e;

	if (dirfd < 0)
		return -1;
	rc = file_replace_at(dirfd, name, label_path, data, len, new_mode, backup);
	e = errno;
	close(dirfd);
	errno = e;
	return rc;
}

int symlink_replace(const char *path, const char *label_path, const char *target)
{
	char tmp[NAME_MAX + 64];
	const char *name;
	bool labelled;
	int dirfd, e;

	dirfd = open_parent(path, &name);
	if (dirfd < 0)
		return -1;
	temp_name(name, tmp, sizeof tmp);
	labelled = set_create_label(path, label_path, S_IFLNK);
	if (symlinkat(target, dirfd, tmp) < 0) {
		e = errno;
		reset_create_label(labelled);
		goto fail;
	}
	reset_create_label(labelled);
	if (atomicfile_ops.renameat(dirfd, tmp, dirfd, name) < 0) {
		e = errno;
		unlinkat(dirfd, tmp, 0);
		goto fail;
	}
	atomicfile_ops.fsync(dirfd);
	close(dirfd);
	return 0;
fail:
	close(dirfd);
	errno = e;
	return -1;
}
