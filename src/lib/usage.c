/* SPDX-License-Identifier: MIT */
#include "usage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "clock.h"
#include "compat.h"
#include "mountinfo.h"

static ino_t mntns_of(const char *procdir)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof path, "%s/ns/mnt", procdir);
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* Is p->dir the root of a mounted file system here?  Sets by_dev and peer. */
static void find_mount(struct usage_probe *p)
{
	struct mount_line m;
	char *line = NULL;
	struct stat root;
	size_t cap = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		if (!mountinfo_parse(line, &m) || strcmp(m.point, p->dir) != 0)
			continue;
		/* The last line for a point is the mount on top. */
		p->by_dev = m.dev == p->dev && strcmp(m.root, "/") == 0;
		p->peer = p->by_dev ? mountinfo_shared(m.tags) : 0;
	}
	free(line);
	fclose(f);
	/* Our root file system mounted there again: matching it would sweep all. */
	if (p->by_dev && stat("/", &root) == 0 && root.st_dev == p->dev)
		p->by_dev = false;
}

int usage_probe_init(struct usage_probe *p, const char *dir)
{
	static ino_t self_mntns; /* ours does not change: list probes many */
	char real[PATH_MAX], up[PATH_MAX + 4];
	struct stat st, parent;

	memset(p, 0, sizeof *p);
	if (!self_mntns)
		self_mntns = mntns_of("/proc/self");
	p->self_mntns = self_mntns;
	/* stat first: realpath of a missing directory reads a link per component. */
	if (stat(dir, &st) < 0 || !realpath(dir, real) || stat(real, &st) < 0) {
		/* A missing directory: still match its literal path. */
		snprintf(p->dir, sizeof p->dir, "%s", dir);
		p->dirlen = strlen(p->dir);
		while (p->dirlen > 1 && p->dir[p->dirlen - 1] == '/')
			p->dir[--p->dirlen] = '\0';
		return -1;
	}
	snprintf(p->dir, sizeof p->dir, "%s", real);
	p->dirlen = strlen(p->dir);
	p->dev = st.st_dev;
	/* Only a file system of its own is matched by device: not a directory
	 * on its parent's, nor the parent's file system bound there again. */
	snprintf(up, sizeof up, "%s/..", real);
	if (p->dirlen > 1 && stat(up, &parent) == 0 && parent.st_dev != st.st_dev)
		find_mount(p);
	return 0;
}

static bool under_dir(const struct usage_probe *p, const char *path)
{
	if (strncmp(path, p->dir, p->dirlen) != 0)
		return false;
	return path[p->dirlen] == '\0' || path[p->dirlen] == '/' ||
	       (p->dirlen == 1 && p->dir[0] == '/');
}

static enum usage refused(struct usage_probe *p)
{
	if (errno != EACCES && errno != EPERM)
		return USE_NO; /* gone meanwhile (a thread, a descriptor) */
	p->denied = true;
	return USE_MAYBE;
}

/* A /proc link (cwd, root, exe, fd/N) relative to dirfd: its target's device,
 * which stat finds also where readlink fails (a path longer than PATH_MAX). */
static enum usage link_uses(struct usage_probe *p, int dirfd, const char *name)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (p->dev) {
		if (fstatat(dirfd, name, &st, 0) < 0)
			return refused(p);
		if (st.st_dev != p->dev)
			return USE_NO;
		if (p->by_dev)
			return USE_YES;
	}
	/* A plain directory, or a missing one: by path on the same device. */
	n = readlinkat(dirfd, name, target, sizeof target - 1);
	if (n < 0)
		return errno == ENAMETOOLONG && p->dev ? USE_MAYBE : refused(p);
	target[n] = '\0';
	return target[0] == '/' && under_dir(p, target) ? USE_YES : USE_NO;
}

/* Another mount namespace holds the storage unless our umount reaches it. */
static enum usage ns_uses(struct usage_probe *p, int taskfd)
{
	struct mount_line m;
	char *line = NULL;
	bool holds = false;
	struct stat st;
	size_t i, cap = 0;
	FILE *f;
	int fd;

	if (!p->by_dev)
		return USE_NO; /* a plain directory: its paths are checked instead */
	if (fstatat(taskfd, "ns/mnt", &st, 0) < 0)
		return refused(p);
	if (!p->self_mntns || st.st_ino == p->self_mntns)
		return USE_NO;
	for (i = 0; i < p->nns; i++)
		if (p->ns[i].ino == st.st_ino)
			return p->ns[i].holds ? USE_YES : USE_NO;
	fd = openat(taskfd, "mountinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !(f = fdopen(fd, "re"))) {
		if (fd >= 0)
			close(fd);
		return refused(p);
	}
	while (!holds && getline(&line, &cap, f) > 0)
		holds = mountinfo_parse(line, &m) && m.dev == p->dev &&
			!(p->peer && (mountinfo_tag(m.tags, "shared", p->peer) ||
				      mountinfo_tag(m.tags, "master", p->peer)));
	free(line);
	fclose(f);
	if (p->nns < sizeof p->ns / sizeof p->ns[0])
		p->ns[p->nns++] = (struct usage_ns){ st.st_ino, holds };
	return holds ? USE_YES : USE_NO;
}

/* Mappings are the process's, not the thread's: read once, from a live thread. */
static enum usage maps_use(struct usage_probe *p, int taskfd, bool *read_some)
{
	enum usage r = USE_NO;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	int fd = openat(taskfd, "maps", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !(f = fdopen(fd, "re"))) {
		if (fd >= 0)
			close(fd);
		return refused(p);
	}
	/* "ADDRESS PERMS OFFSET MAJ:MIN INODE [PATH]" */
	while (r == USE_NO && getline(&line, &cap, f) > 0) {
		char *file = strchr(line, '/'), *field = line;
		dev_t dev;
		int i;

		*read_some = true;
		for (i = 0; i < 3 && field; i++)
			if ((field = strchr(field, ' ')))
				field++;
		if (!field || !mountinfo_dev(field, 16, &dev))
			continue;
		if (p->dev && dev != p->dev)
			continue;
		if (p->by_dev) {
			r = USE_YES;
		} else if (file) {
			file[strcspn(file, "\n")] = '\0';
			r = under_dir(p, file) ? USE_YES : USE_NO;
		}
	}
	free(line);
	fclose(f);
	return r;
}

/* The worse of two answers: YES over MAYBE over NO. */
static enum usage worse(enum usage a, enum usage b)
{
	return a == USE_YES || b == USE_YES	? USE_YES :
	       a == USE_MAYBE || b == USE_MAYBE ? USE_MAYBE :
						  USE_NO;
}

static enum usage task_cheap(struct usage_probe *p, int taskfd, bool *maps_read)
{
	enum usage r = worse(link_uses(p, taskfd, "cwd"), link_uses(p, taskfd, "root"));

	if (r == USE_NO)
		r = ns_uses(p, taskfd);
	if (r == USE_NO && !*maps_read) {
		r = maps_use(p, taskfd, maps_read);
		/* A zombie leader has neither mappings nor an executable. */
		if (r == USE_NO && *maps_read)
			r = link_uses(p, taskfd, "exe");
	}
	return r;
}

static bool past_deadline(struct usage_probe *p)
{
	if (p->tick)
		p->tick(p->tick_arg);
	if (p->deadline && now_ms() >= p->deadline) {
		p->unfinished = true;
		return true;
	}
	return false;
}

static enum usage task_fds(struct usage_probe *p, int taskfd)
{
	enum usage r = USE_NO;
	unsigned long n = 0;
	struct dirent *d;
	DIR *dir;
	int fd = openat(taskfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return refused(p);
	}
	while (r == USE_NO && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		/* A scan costs about 3 us a descriptor: look at the clock. */
		if (++n % 256 == 0 && past_deadline(p)) {
			r = USE_MAYBE;
			break;
		}
		r = link_uses(p, fd, d->d_name);
	}
	closedir(dir);
	return r;
}

/* Threads that share a descriptor table need it read once (compat.h). */
static bool files_seen(pid_t tid, const pid_t *done, size_t ndone)
{
	size_t i;

	for (i = 0; i < ndone; i++)
		if (compat_same_files(tid, done[i]))
			return true;
	return false;
}

static ssize_t list_tasks(pid_t pid, pid_t **out)
{
	char path[64];
	size_t n = 0, cap = 0;
	pid_t *tids = NULL;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if (!(dir = opendir(path)))
		return -1;
	while ((d = readdir(dir))) {
		long tid = strtol(d->d_name, NULL, 10);

		if (tid <= 0)
			continue;
		if (n == cap) {
			pid_t *nt =
				realloc(tids, (cap = cap ? cap * 2 : 8) * sizeof *tids);

			if (!nt) {
				free(tids);
				closedir(dir);
				return -1;
			}
			tids = nt;
		}
		tids[n++] = (pid_t)tid;
	}
	closedir(dir);
	*out = tids;
	return (ssize_t)n;
}

static int open_task(pid_t pid, pid_t tid)
{
	char path[64];

	/* The leader's own directory is the same thread's, and its descriptor
	 * lookups are cheaper than through task/ (about 20% with many). */
	if (tid == pid)
		snprintf(path, sizeof path, "/proc/%d", (int)pid);
	else
		snprintf(path, sizeof path, "/proc/%d/task/%d", (int)pid, (int)tid);
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

enum usage proc_usage(pid_t pid, struct usage_probe *p, unsigned what)
{
	enum usage r = USE_NO;
	bool maps_read = false;
	pid_t *tids = NULL;
	size_t ndone = 0;
	ssize_t n, i;

	p->denied = p->unfinished = false;
	n = list_tasks(pid, &tids);
	if (n < 0)
		return refused(p);
	for (i = 0; (what & USAGE_CHEAP) && r != USE_YES && i < n; i++) {
		int fd = open_task(pid, tids[i]);

		if (fd < 0) {
			r = worse(r, refused(p));
			continue;
		}
		r = worse(r, task_cheap(p, fd, &maps_read));
		close(fd);
	}
	/* A refused look at the cheap parts is refused for the rest too. */
	for (i = 0; (what & USAGE_FDS) && r == USE_NO && i < n; i++) {
		int fd;

		if (files_seen(tids[i], tids, ndone))
			continue;
		fd = open_task(pid, tids[i]);
		if (fd < 0) {
			r = refused(p);
			continue;
		}
		r = task_fds(p, fd);
		close(fd);
		tids[ndone++] = tids[i];
	}
	free(tids);
	return r;
}

bool proc_uses_dir(pid_t pid, struct usage_probe *p)
{
	return proc_usage(pid, p, USAGE_ALL) == USE_YES;
}

ssize_t proc_scan_users(struct usage_probe *p, struct proc_ref **out)
{
	struct proc_ref *all, *refs;
	ssize_t n = proc_list(&all), i, k = 0;

	*out = NULL;
	if (n < 0)
		return -1;
	refs = all;
	for (i = 0; i < n; i++)
		if (proc_uses_dir(all[i].pid, p))
			refs[k++] = all[i];
	if (k == 0) {
		free(all);
		refs = NULL;
	}
	*out = refs;
	return k;
}
