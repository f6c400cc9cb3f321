/* SPDX-License-Identifier: MIT */
/*
 * Running a sub-service command: an argv array and an explicit environment,
 * never a shell, bounded in time.  The child leads its own process group so
 * that a hung script is killed with everything it forked.
 */
#ifndef SCALIX_HA_SPAWN_H
#define SCALIX_HA_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spawn_result {
	int status;	  /* waitpid status, valid when exited */
	bool exited;	  /* the child ended (normally or by a signal) */
	bool timed_out;	  /* deadline reached; its process group was killed */
	int exec_errno;	  /* execve failed with this errno (status 127) */
	bool interrupted; /* ended early: the helper got TERM, INT or HUP */
};

/* Block SIGCHLD once at start-up, so spawn_run can wait for it. */
void spawn_init(void);

/*
 * Run argv with envp until it exits or the deadline (monotonic ms) passes.
 * Returns 0 when the child ran (see res), -1 when it could not be forked.
 */
int spawn_run(char *const argv[], char *const envp[], int64_t deadline,
	      struct spawn_result *res);

/* Where a child's stdin comes from and its stdout goes. */
struct spawn_io {
	int in_fd;	/* -1: /dev/null */
	int out_fd;	/* -1: the helper's stderr */
	char **capture; /* when set: stdout collected here (malloc'd, NUL-ended) */
	size_t capture_max;
	bool quiet; /* stderr to /dev/null (queries whose "no" is an exit code) */
};

int spawn_run_io(char *const argv[], char *const envp[], int64_t deadline,
		 struct spawn_result *res, const struct spawn_io *io);

/*
 * Children keep descriptors 0 to 2 only: close_range(2) where the kernel has
 * it (Linux 5.9), else each one /proc/self/fd lists.  Tests set this to take
 * the second way on any kernel.
 */
extern bool spawn_no_close_range;

/* The exit code, or -1 when the child did not exit normally. */
int spawn_exit_code(const struct spawn_result *res);

#endif
