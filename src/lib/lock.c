#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "dirs.h"
#include "log.h"

int instance_lock(const char *run_dir, const char *instance, int64_t deadline)
{
	char path[4096];
	int64_t pause = 2;
	int fd;

	if (mkdir_p(run_dir, 0755) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/%s.lock", run_dir, instance);
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	/* Finely polled: a waiter starts within a few ms of the release. */
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int64_t left = deadline - now_ms();

		if (errno != EWOULDBLOCK && errno != EINTR) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
		if (left <= 0) {
			close(fd);
			errno = ETIMEDOUT;
			return -1;
		}
		sleep_ms(pause < left ? pause : left);
		if (pause < 20)
			pause *= 2;
	}
	return fd;
}

void instance_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

int subsys_touch(const char *path)
{
	char dir[4096];
	char *slash;
	int fd;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir_p(dir, 0755) < 0)
			return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	return close(fd);
}

int subsys_remove(const char *path)
{
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

bool subsys_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}
