/* SPDX-License-Identifier: MIT */
/* What /proc says about a process: its state, start time, and the list of them. */
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int proc_stat(pid_t pid, char *state, unsigned long long *starttime)
{
	char path[64], buf[1024], *p;
	unsigned long long st = 0;
	ssize_t n;
	int fd, field;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: parse from the last ')'. */
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || !p[2])
		return -1;
	if (state)
		*state = p[2];
	/* Field 22 is starttime; p + 2 is field 3. */
	for (field = 3, p += 2; *p && field < 22; p++)
		if (*p == ' ')
			field++;
	if (field == 22)
		st = strtoull(p, NULL, 10);
	if (starttime)
		*starttime = st;
	return 0;
}

/* A zombie leader (it called pthread_exit) whose other threads still run. */
static bool threads_live_on(pid_t pid)
{
	char path[64];
	struct dirent *d;
	int tasks = 0;
	DIR *dir;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if (!(dir = opendir(path)))
		return false;
	while (tasks < 2 && (d = readdir(dir)))
		if (d->d_name[0] != '.')
			tasks++;
	closedir(dir);
	return tasks > 1;
}

static bool live_state(pid_t pid, char state)
{
	if (state == 'Z')
		return threads_live_on(pid);
	return state != 'X' && state != 'x';
}

bool proc_alive(pid_t pid)
{
	char state;

	if (pid <= 0 || proc_stat(pid, &state, NULL) < 0)
		return false;
	return live_state(pid, state);
}

/* The helper and its ancestors are never swept. */
static bool is_self_or_ancestor(pid_t pid, const pid_t *chain, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (chain[i] == pid)
			return true;
	return false;
}

static size_t ancestors(pid_t *chain, size_t max)
{
	pid_t pid = getpid();
	size_t n = 0;

	while (pid > 1 && n < max) {
		char path[64], buf[512], *p;
		ssize_t len;
		int fd;

		chain[n++] = pid;
		snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			break;
		len = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (len <= 0)
			break;
		buf[len] = '\0';
		p = strrchr(buf, ')');
		if (!p || strlen(p) < 5)
			break;
		pid = (pid_t)strtol(p + 4, NULL, 10); /* ") S PPID" */
	}
	return n;
}

/* Kernel threads: no user-space signal stops them (PF_KTHREAD, field 9). */
static bool is_kthread(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long flags = 0;
	ssize_t n;
	int fd, field;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p)
		return false;
	for (field = 2, p++; *p && field < 9; p++)
		if (*p == ' ')
			field++;
	if (field == 9)
		flags = strtoul(p, NULL, 10);
	return (flags & 0x00200000UL) != 0;
}

ssize_t proc_list(struct proc_ref **out)
{
	pid_t chain[64];
	size_t nchain = ancestors(chain, 64), n = 0, cap = 0;
	struct proc_ref *refs = NULL;
	struct dirent *d;
	DIR *proc = opendir("/proc");

	*out = NULL;
	if (!proc)
		return -1;
	while ((d = readdir(proc))) {
		char *end;
		long pid = strtol(d->d_name, &end, 10);
		struct proc_ref ref;
		char state;

		if (*end || pid <= 1 || is_self_or_ancestor((pid_t)pid, chain, nchain))
			continue;
		if (proc_stat((pid_t)pid, &state, &ref.starttime) < 0 ||
		    !live_state((pid_t)pid, state) || is_kthread((pid_t)pid))
			continue;
		ref.pid = (pid_t)pid;
		if (n == cap) {
			struct proc_ref *nr =
				realloc(refs, (cap = cap ? cap * 2 : 64) * sizeof *refs);
			if (!nr) {
				free(refs);
				closedir(proc);
				return -1;
			}
			refs = nr;
		}
		refs[n++] = ref;
	}
	closedir(proc);
	*out = refs;
	return (ssize_t)n;
}

bool proc_same(const struct proc_ref *ref)
{
	unsigned long long st;
	char state;

	return proc_stat(ref->pid, &state, &st) == 0 && st == ref->starttime &&
	       live_state(ref->pid, state);
}

int proc_signal(const struct proc_ref *ref, int sig)
{
	/* As killproc does: a PID that started at another time is not ours. */
	if (!proc_same(ref)) {
		errno = ESRCH;
		return -1;
	}
	return kill(ref->pid, sig);
}
