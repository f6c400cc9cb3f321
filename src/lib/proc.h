/* SPDX-License-Identifier: MIT */
/*
 * What /proc says about a process: alive or not, the same one as before, and
 * which processes there are (usage.h says which of them use the storage).
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

/* A process seen by a scan, with its start time to guard against PID reuse. */
struct proc_ref {
	pid_t pid;
	unsigned long long starttime;
};

/*
 * Every live process but kernel threads, the helper itself and its ancestors
 * (an administrator's shell cd'd into the storage): those are never swept.
 * Returns the count, or -1 when /proc cannot be read; *out is malloc'd.
 */
ssize_t proc_list(struct proc_ref **out);

/* Signal ref unless its PID now names another process.  0, or -1. */
int proc_signal(const struct proc_ref *ref, int sig);

/* ref still names the same live process. */
bool proc_same(const struct proc_ref *ref);

#endif
