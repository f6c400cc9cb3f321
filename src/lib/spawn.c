/* SPDX-License-Identifier: MIT */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "interrupt.h"
#include "log.h"

static sigset_t old_mask;

void spawn_init(void)
{
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old_mask);
}

bool spawn_no_close_range;

#if defined(SYS_close_range) && !defined(SCALIX_HA_FLOOR)
/* close_range(2) of lowfd and up, keep excepted; -1 (ENOSYS) before Linux 5.9. */
static int close_range_but(int lowfd, int keep)
{
	if (keep < lowfd)
		return (int)syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0);
	if (keep > lowfd &&
	    syscall(SYS_close_range, (unsigned)lowfd, (unsigned)keep - 1, 0) < 0)
		return -1;
	return (int)syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0);
}
#endif

/*
 * Close every descriptor from lowfd up, but keep: whatever the helper was
 * given (a cluster daemon's socket, a root-only file) must not reach the
 * vendor scripts and the daemons they start.  close_range (Linux 5.9) when
 * the kernel has it; else /proc/self/fd; else every possible number.
 */
static void close_from(int lowfd, int keep)
{
	char buf[4096] __attribute__((aligned(8)));
	long max;
	int dir, fd;

#if defined(SYS_close_range) && !defined(SCALIX_HA_FLOOR)
	if (!spawn_no_close_range && close_range_but(lowfd, keep) == 0)
		return;
#endif
	dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir >= 0) {
		bool closed_any;

		/* getdents, not readdir: no allocation after fork. */
		do {
			long n, off;

			closed_any = false;
			lseek(dir, 0, SEEK_SET);
			while ((n = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0)
				for (off = 0; off < n;) {
					struct linux_dirent64 {
						unsigned long long d_ino;
						long long d_off;
						unsigned short d_reclen;
						unsigned char d_type;
						char d_name[];
					} *d = (struct linux_dirent64 *)(buf + off);

					const char *p;

					off += d->d_reclen;
					for (fd = 0, p = d->d_name;
					     *p >= '0' && *p <= '9'; p++)
						fd = fd * 10 + (*p - '0');
					if (*p || p == d->d_name || fd < lowfd ||
					    fd == keep || fd == dir)
						continue;
					/* Some cannot be closed (valgrind's): no rescan
					 * for them. */
					if (close(fd) == 0)
						closed_any = true;
				}
		} while (closed_any);
		close(dir);
		return;
	}
	max = sysconf(_SC_OPEN_MAX);
	for (fd = lowfd; fd < (max > 0 ? max : 65536); fd++)
		if (fd != keep)
			close(fd);
}

static void child(char *const argv[], char *const envp[], int errpipe, int in_fd,
		  int out_fd, bool quiet, pid_t parent)
{
	int null = in_fd >= 0 ? in_fd : open("/dev/null", O_RDONLY);
	int e;

	setpgid(0, 0);
	/*
	 * A helper killed with KILL (the cluster's operation timeout) takes its
	 * vendor command with it, so that no start goes on behind the next stop.
	 * Daemons are forked from the command: they do not inherit this.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (null >= 0 && null != 0) {
		dup2(null, 0);
		close(null);
	}
	/* Our stdout is for status output; children talk on stderr. */
	dup2(out_fd >= 0 ? out_fd : 2, 1);
	if (out_fd > 2)
		close(out_fd);
	if (quiet) {
		int devnull = open("/dev/null", O_WRONLY);

		if (devnull >= 0 && devnull != 2) {
			dup2(devnull, 2);
			close(devnull);
		}
	}
	/* Only 0 to 2 (and the exec-error pipe, closed by exec) go on. */
	close_from(3, errpipe);
	/* Never keep the caller's directory (maybe the storage) busy. */
	if (chdir("/") < 0)
		_exit(127);
	execve(argv[0], argv, envp);
	e = errno;
	if (write(errpipe, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

/* Wait for SIGCHLD until deadline: event-driven, no polling. */
static bool wait_chld(int64_t deadline)
{
	int64_t left = deadline - now_ms();
	struct timespec ts;
	sigset_t chld;

	if (left <= 0)
		return false;
	/* Short slices: a TERM between two looks is seen within 200 ms. */
	if (left > 200)
		left = 200;
	ts.tv_sec = left / 1000;
	ts.tv_nsec = (long)(left % 1000) * 1000000;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	return sigtimedwait(&chld, NULL, &ts) == SIGCHLD || errno == EINTR;
}

/* Collect the child's stdout until EOF or the deadline. */
static void capture(int fd, const struct spawn_io *io, int64_t deadline)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);

	if (!buf) {
		*io->capture = NULL;
		return;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)(left > 60000 ? 60000 : left)) == 0) {
			if (now_ms() >= deadline)
				break;
			continue;
		}
		if (len + 1 == cap) {
			char *nb =
				cap * 2 > io->capture_max ? NULL : realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*io->capture = buf;
}

int spawn_run(char *const argv[], char *const envp[], int64_t deadline,
	      struct spawn_result *res)
{
	return spawn_run_io(argv, envp, deadline, res, NULL);
}

int spawn_run_io(char *const argv[], char *const envp[], int64_t deadline,
		 struct spawn_result *res, const struct spawn_io *io)
{
	int pipefd[2], outpipe[2] = { -1, -1 }, e = 0, status;
	int out_fd = io ? io->out_fd : -1;
	pid_t pid, w, parent = getpid();
	ssize_t n;

	memset(res, 0, sizeof *res);
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -1;
	if (io && io->capture && pipe2(outpipe, O_CLOEXEC) < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (io && io->capture)
		out_fd = outpipe[1];
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		if (outpipe[0] >= 0) {
			close(outpipe[0]);
			close(outpipe[1]);
		}
		return -1;
	}
	if (pid == 0) {
		close(pipefd[0]);
		child(argv, envp, pipefd[1], io ? io->in_fd : -1, out_fd, io && io->quiet,
		      parent);
	}
	/* Also in the parent, so the kill below cannot miss a fresh child. */
	setpgid(pid, pid);
	close(pipefd[1]);
	do
		n = read(pipefd[0], &e, sizeof e);
	while (n < 0 && errno == EINTR);
	close(pipefd[0]);
	if (n == sizeof e)
		res->exec_errno = e;
	if (outpipe[0] >= 0) {
		close(outpipe[1]);
		capture(outpipe[0], io, deadline);
		close(outpipe[0]);
	}

	for (;;) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid) {
			res->exited = true;
			res->status = status;
			break;
		}
		if (w < 0 && errno != EINTR)
			break;
		/* A signal to the helper ends the command as a timeout would. */
		if ((!wait_chld(deadline) && now_ms() >= deadline) || interrupted()) {
			res->timed_out = true;
			res->interrupted = interrupted() != 0;
			kill(-pid, SIGKILL);
			/* After KILL only an uninterruptible sleep can delay it. */
			deadline = now_ms() + 1000;
			while (waitpid(pid, &status, WNOHANG) == 0 && wait_chld(deadline))
				;
			break;
		}
	}
	/* Whatever the script left in its group goes with it on a timeout. */
	return 0;
}

int spawn_exit_code(const struct spawn_result *res)
{
	if (res->timed_out || !res->exited || !WIFEXITED(res->status))
		return -1;
	return WEXITSTATUS(res->status);
}
