/* SPDX-License-Identifier: MIT */
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
#include "interrupt.h"
#include "log.h"
#include "proc.h"

/* Who holds it: "PID STARTTIME VERB", rewritten by each holder. */
static void write_holder(int fd, const char *verb)
{
	unsigned long long start = 0;
	char st, buf[96];
	int n;

	proc_stat(getpid(), &st, &start);
	n = snprintf(buf, sizeof buf, "%ld %llu %s\n", (long)getpid(), start, verb);
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		log_warn("unable to record the lock holder: %s", strerror(errno));
}

int instance_lock(const char *run_dir, const char *instance, const char *verb,
		  int64_t deadline)
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
		if (left <= 0 || interrupted()) {
			close(fd);
			errno = left <= 0 ? ETIMEDOUT : EINTR;
			return -1;
		}
		sleep_ms(pause < left ? pause : left);
		if (pause < 20)
			pause *= 2;
	}
	write_holder(fd, verb);
	return fd;
}

int lock_holder(const char *run_dir, const char *instance, struct lock_holder *h)
{
	char path[4096], buf[96], st, *p, *v;
	unsigned long long start;
	long pid;
	ssize_t n;
	int fd;

	memset(h, 0, sizeof *h);
	snprintf(path, sizeof path, "%s/%s.lock", run_dir, instance);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = pread(fd, buf, sizeof buf - 1, 0);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* "PID STARTTIME VERB\n" */
	pid = strtol(buf, &p, 10);
	if (p == buf || *p != ' ' || pid <= 1)
		return -1;
	h->starttime = strtoull(p + 1, &v, 10);
	if (v == p + 1 || *v != ' ')
		return -1;
	n = (ssize_t)strcspn(v + 1, " \n");
	if (n <= 0 || (size_t)n >= sizeof h->verb)
		return -1;
	memcpy(h->verb, v + 1, (size_t)n);
	h->verb[n] = '\0';
	h->pid = (pid_t)pid;
	/* A record left by a process that is gone, or a PID reused since. */
	if (proc_stat(h->pid, &st, &start) < 0 || start != h->starttime || st == 'Z')
		return -1;
	return 0;
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
