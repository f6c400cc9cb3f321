#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "selinuxlib.h"

static int sys_open(const char *path, int flags, mode_t mode)
{
	return open(path, flags, mode);
}

struct atomicfile_ops atomicfile_ops = { sys_open, write, fsync, rename };

char *file_read(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf;
	int e, fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	buf = malloc(cap);
	if (!buf)
		goto fail;
	for (;;) {
		ssize_t r;

		if (n + 1 == cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				goto fail;
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	e = errno;
	free(buf);
	close(fd);
	errno = e;
	return NULL;
}

bool file_has(const char *path, const char *data, size_t len)
{
	size_t have;
	char *cur = file_read(path, &have);
	bool same = cur && have == len && memcmp(cur, data, len) == 0;

	free(cur);
	return same;
}

/* Temp name beside path: ".NAME.scalix-ha.XXXXXXXX". */
static void temp_name(const char *path, char *out, size_t outlen)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	uint32_t r;

	if (compat_random(&r, sizeof r) < 0)
		r = (uint32_t)getpid() ^ (uint32_t)(uintptr_t)out;
	snprintf(out, outlen, "%.*s.%s.scalix-ha.%08x", (int)dirlen, path, path + dirlen,
		 r);
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
			log_warn("%s; files are created without an SELinux label", err);
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

static int fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = atomicfile_ops.fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

/* The old version, kept beside it as NAME.scalix-ha.bak (hard link, then rename). */
static int keep_backup(const char *path)
{
	char backup[4096], tmp[4096];

	snprintf(backup, sizeof backup, "%s%s", path, BACKUP_SUFFIX);
	temp_name(backup, tmp, sizeof tmp);
	if (link(path, tmp) < 0)
		return errno == ENOENT ? 0 : -1;
	if (rename(tmp, backup) < 0) {
		int e = errno;

		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int file_replace(const char *path, const char *label_path, const char *data, size_t len,
		 mode_t new_mode, bool backup)
{
	char tmp[4096];
	struct stat old;
	bool exists, labelled;
	size_t done = 0;
	int fd, e;

	exists = lstat(path, &old) == 0;
	if (exists && !S_ISREG(old.st_mode)) {
		errno = EEXIST; /* a link or a device: never written through */
		return -1;
	}
	temp_name(path, tmp, sizeof tmp);
	labelled = set_create_label(path, label_path, S_IFREG);
	fd = atomicfile_ops.open(
		tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
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
	if (exists && backup && keep_backup(path) < 0)
		goto fail;
	if (atomicfile_ops.rename(tmp, path) < 0)
		goto fail;
	/* The rename itself is durable only once the directory is. */
	fsync_dir(path);
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}

int symlink_replace(const char *path, const char *label_path, const char *target)
{
	char tmp[4096];
	bool labelled;
	int e;

	temp_name(path, tmp, sizeof tmp);
	labelled = set_create_label(path, label_path, S_IFLNK);
	if (symlink(target, tmp) < 0) {
		e = errno;
		reset_create_label(labelled);
		errno = e;
		return -1;
	}
	reset_create_label(labelled);
	if (atomicfile_ops.rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	fsync_dir(path);
	return 0;
}
