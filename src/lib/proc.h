/*
 * What /proc says about a process: alive or not, and whether it uses an
 * instance's storage.  "Uses" is how the helper decides that a process belongs
 * to an instance, so it is also what keeps it from signalling anybody else.
 */
#ifndef SCALIX_HA_PROC_H
#define SCALIX_HA_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* State letter and start time (clock ticks since boot); -1 when gone. */
int proc_stat(pid_t pid, char *state, unsigned long long *starttime);

/* Exists and is neither a zombie nor dead. */
bool proc_alive(pid_t pid);

/* The instance directory as seen from this process, for matching. */
struct usage_probe {
	char dir[4096]; /* canonical path, no trailing slash */
	size_t dirlen;
	dev_t dev;	  /* st_dev of dir, 0 when dir is missing */
	ino_t self_mntns; /* our mount namespace, 0 when unknown */
	/* Set by proc_uses_dir when /proc denied a look (not root). */
	bool denied;
};

/* Set up a probe for dir; -1 when dir cannot be resolved (then its literal path is
 * matched). */
int usage_probe_init(struct usage_probe *p, const char *dir);

/*
 * True when pid's cwd, root, executable, an open file or a mapped file is
 * under the probe's directory.  A process in another mount namespace matches
 * only when the file is on the same device, since its paths are its own.
 */
bool proc_uses_dir(pid_t pid, struct usage_probe *p);

/* A process seen by a scan, with its start time to guard against PID reuse. */
struct proc_ref {
	pid_t pid;
	unsigned long long starttime;
};

/*
 * Every live process using the probe's directory, except the helper itself
 * and its ancestors (an administrator's shell cd'd into the storage).
 * Returns the count, or -1 when /proc cannot be read; *out is malloc'd.
 */
ssize_t proc_scan_users(struct usage_probe *p, struct proc_ref **out);

/* Signal ref unless its PID now names another process.  0, or -1. */
int proc_signal(const struct proc_ref *ref, int sig);

/* ref still names the same live process. */
bool proc_same(const struct proc_ref *ref);

#endif
