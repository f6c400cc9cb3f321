/* SPDX-License-Identifier: MIT */
/*
 * LD_PRELOAD fault injector for the file writers: fails the FAULT_AT-th call
 * of FAULT_OP (open, write, fsync or rename) that touches FAULT_ROOT, with
 * FAULT_ERRNO (default EIO).  Only writer calls count: open or openat with
 * O_CREAT, write to a regular file, fsync, rename or renameat (the *at
 * calls' paths are resolved through their directory descriptor, since the
 * storage walk writes relative to one).  At exit it appends
 * "OP COUNT FIRED PATH" to FAULT_LOG, so a run with FAULT_AT=0 tells the
 * driver how many calls there are to fail, and an injected run names the
 * file that was being written.
 *
 * The helper gives its children a scrubbed environment, so only the helper
 * itself runs with this shim.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *op_name, *root;
static long fail_at, calls;
static int fail_errno = EIO;
static bool fired;
static char fired_path[PATH_MAX];

static void __attribute__((constructor)) shim_init(void)
{
	const char *e = getenv("FAULT_ERRNO");

	op_name = getenv("FAULT_OP");
	root = getenv("FAULT_ROOT");
	fail_at = getenv("FAULT_AT") ? strtol(getenv("FAULT_AT"), NULL, 10) : 0;
	if (e)
		fail_errno = (int)strtol(e, NULL, 10);
}

static void __attribute__((destructor)) shim_report(void)
{
	const char *log = getenv("FAULT_LOG");
	FILE *f;

	if (!log || !op_name)
		return;
	f = fopen(log, "ae");
	if (!f)
		return;
	fprintf(f, "%s %ld %d %s\n", op_name, calls, fired ? 1 : 0,
		fired ? fired_path : "-");
	fclose(f);
}

static bool under_root(const char *path)
{
	size_t n;

	if (!root || !path)
		return false;
	n = strlen(root);
	return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static bool fd_path(int fd, char *out, size_t len)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, out, len - 1);
	if (n < 0)
		return false;
	out[n] = '\0';
	return true;
}

/* Counts one call of op on path; true when this one is to fail. */
static bool hit(const char *op, const char *path)
{
	if (!op_name || strcmp(op, op_name) != 0 || !under_root(path))
		return false;
	if (++calls != fail_at)
		return false;
	fired = true;
	snprintf(fired_path, sizeof fired_path, "%s", path);
	return true;
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

static int do_open(const char *which, const char *path, int flags, mode_t mode)
{
	int (*real)(const char *, int, ...) =
		(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, which);

	if ((flags & O_CREAT) && hit("open", path)) {
		errno = fail_errno;
		return -1;
	}
	return real(path, flags, mode);
}

/* dirfd/name as a whole path, for matching FAULT_ROOT and for the log. */
static const char *at_path(int dirfd, const char *name, char *out, size_t len)
{
	char dir[PATH_MAX];

	if (name[0] == '/' || dirfd == AT_FDCWD || !fd_path(dirfd, dir, sizeof dir))
		return name;
	if ((size_t)snprintf(out, len, "%s/%s", dir, name) >= len)
		return name;
	return out;
}

static int do_openat(const char *which, int dirfd, const char *name, int flags,
		     mode_t mode)
{
	int (*real)(int, const char *, int, ...) =
		(int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, which);
	char path[PATH_MAX];

	if ((flags & O_CREAT) && hit("open", at_path(dirfd, name, path, sizeof path))) {
		errno = fail_errno;
		return -1;
	}
	return real(dirfd, name, flags, mode);
}

int openat(int dirfd, const char *name, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return do_openat("openat", dirfd, name, flags, mode);
}

int openat64(int dirfd, const char *name, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return do_openat("openat64", dirfd, name, flags, mode);
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return do_open("open", path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return do_open("open64", path, flags, mode);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	char path[PATH_MAX];
	struct stat st;

	if (op_name && strcmp(op_name, "write") == 0 && fstat(fd, &st) == 0 &&
	    S_ISREG(st.st_mode) && fd_path(fd, path, sizeof path) && hit("write", path)) {
		errno = fail_errno;
		return -1;
	}
	return NEXT(write)(fd, buf, len);
}

int fsync(int fd)
{
	char path[PATH_MAX];

	if (op_name && strcmp(op_name, "fsync") == 0 && fd_path(fd, path, sizeof path) &&
	    hit("fsync", path)) {
		errno = fail_errno;
		return -1;
	}
	return NEXT(fsync)(fd);
}

int rename(const char *from, const char *to)
{
	if (hit("rename", to)) {
		errno = fail_errno;
		return -1;
	}
	return NEXT(rename)(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
	char path[PATH_MAX];

	if (hit("rename", at_path(tofd, to, path, sizeof path))) {
		errno = fail_errno;
		return -1;
	}
	return NEXT(renameat)(fromfd, from, tofd, to);
}
