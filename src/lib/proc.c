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

bool proc_alive(pid_t pid)
{
	char state;

	if (pid <= 0 || proc_stat(pid, &state, NULL) < 0)
		return false;
	return state != 'Z' && state != 'X' && state != 'x';
}

static ino_t mntns_of(const char *procdir)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof path, "%s/ns/mnt", procdir);
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

int usage_probe_init(struct usage_probe *p, const char *dir)
{
	static ino_t self_mntns; /* ours does not change: list probes many */
	char real[PATH_MAX];
	struct stat st;

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
	return 0;
}

static bool under_dir(const struct usage_probe *p, const char *path)
{
	if (strncmp(path, p->dir, p->dirlen) != 0)
		return false;
	return path[p->dirlen] == '\0' || path[p->dirlen] == '/' ||
	       (p->dirlen == 1 && p->dir[0] == '/');
}

/* link is /proc/PID/{cwd,root,exe,fd/N}. */
static bool link_matches(struct usage_probe *p, const char *link, bool same_ns)
{
	char target[PATH_MAX];
	ssize_t n = readlink(link, target, sizeof target - 1);
	struct stat st;

	if (n < 0) {
		if (errno == EACCES || errno == EPERM)
			p->denied = true;
		return false;
	}
	target[n] = '\0';
	if (target[0] != '/' || !under_dir(p, target))
		return false;
	if (same_ns)
		return true;
	return p->dev && stat(link, &st) == 0 && st.st_dev == p->dev;
}

static bool maps_match(struct usage_probe *p, const char *procdir, bool same_ns)
{
	char path[PATH_MAX], line[PATH_MAX + 128];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof path, "%s/maps", procdir);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof line, f)) {
		char *file = strchr(line, '/');

		if (!file)
			continue;
		file[strcspn(file, "\n")] = '\0';
		/* Mapped files of another namespace are not checked by device. */
		found = same_ns && under_dir(p, file);
	}
	fclose(f);
	return found;
}

bool proc_uses_dir(pid_t pid, struct usage_probe *p)
{
	static const char *const links[] = { "cwd", "root", "exe" };
	char procdir[64], path[PATH_MAX];
	bool same_ns, found = false;
	struct dirent *d;
	size_t i;
	DIR *fds;

	snprintf(procdir, sizeof procdir, "/proc/%d", (int)pid);
	same_ns = !p->self_mntns || mntns_of(procdir) == p->self_mntns;
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", procdir, links[i]);
		if (link_matches(p, path, same_ns))
			return true;
	}
	snprintf(path, sizeof path, "%s/fd", procdir);
	fds = opendir(path);
	if (!fds) {
		if (errno == EACCES)
			p->denied = true;
		return false;
	}
	while (!found && (d = readdir(fds))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/fd/%s", procdir, d->d_name);
		found = link_matches(p, path, same_ns);
	}
	closedir(fds);
	return found || maps_match(p, procdir, same_ns);
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

ssize_t proc_scan_users(struct usage_probe *p, struct proc_ref **out)
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
		if (proc_stat((pid_t)pid, &state, &ref.starttime) < 0 || state == 'Z' ||
		    state == 'X')
			continue;
		if (!proc_uses_dir((pid_t)pid, p))
			continue;
		ref.pid = (pid_t)pid;
		if (n == cap) {
			struct proc_ref *nr =
				realloc(refs, (cap = cap ? cap * 2 : 16) * sizeof *refs);
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
	       state != 'Z' && state != 'X';
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
