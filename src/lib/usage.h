/* SPDX-License-Identifier: MIT */
/*
 * Whether a process uses an instance's storage, as the kernel knows it: any
 * thread's cwd or root, any descriptor, any mapping, or a mount namespace in
 * which the storage's file system is still mounted.  A mounted file system is
 * recognised by its device, not by path strings; a directory that is not the
 * root of a mount is matched by path on the same device.  "Uses" is how the
 * helper decides that a process belongs to an instance, so it is also what
 * keeps it from signalling anybody else.
 */
#ifndef SCALIX_HA_USAGE_H
#define SCALIX_HA_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "proc.h"

enum usage {
	USE_NO,
	USE_YES,
	USE_MAYBE, /* /proc refused a look, or the look ran out of time */
};

/* A mount namespace other than ours, and whether it holds the storage. */
struct usage_ns {
	ino_t ino;
	bool holds;
};

struct usage_probe {
	char dir[4096]; /* canonical path, no trailing slash */
	size_t dirlen;
	dev_t dev;	  /* st_dev of dir, 0 when dir is missing */
	bool by_dev;	  /* dir is the root of a mounted file system */
	unsigned peer;	  /* its mount's peer group (shared:N), 0 if none */
	ino_t self_mntns; /* our mount namespace, 0 when unknown */
	struct usage_ns ns[16];
	size_t nns;
	/* A look still going at the deadline (0: none) gives up: USE_MAYBE. */
	int64_t deadline;
	/* Called now and then during a long look (the sweep's KILL clock). */
	void (*tick)(void *arg);
	void *tick_arg;
	/* Why the last look said USE_MAYBE. */
	bool denied, unfinished;
};

/* Set up a probe for dir; -1 when dir cannot be resolved (then its literal path is
 * matched). */
int usage_probe_init(struct usage_probe *p, const char *dir);

/* What a look covers: the cheap parts, the descriptors, or both. */
#define USAGE_CHEAP 1u /* every thread's cwd, root and namespace; exe; maps */
#define USAGE_FDS 2u   /* every descriptor table */
#define USAGE_ALL (USAGE_CHEAP | USAGE_FDS)

enum usage proc_usage(pid_t pid, struct usage_probe *p, unsigned what);

/* proc_usage(pid, p, USAGE_ALL) == USE_YES. */
bool proc_uses_dir(pid_t pid, struct usage_probe *p);

/*
 * Every live process using the probe's directory, except the helper itself
 * and its ancestors (an administrator's shell cd'd into the storage).
 * Returns the count, or -1 when /proc cannot be read; *out is malloc'd.
 */
ssize_t proc_scan_users(struct usage_probe *p, struct proc_ref **out);

#endif
