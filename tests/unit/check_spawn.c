/* SPDX-License-Identifier: MIT */
/* spawn.c: running a command with an exact environment, bounded in time. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_compat.h"
#include "clock.h"
#include "log.h"
#include "proc.h"
#include "spawn.h"

static char *const no_env[] = { NULL };

static char tmp[64];

/* Made and removed by the runner, so it goes even when a test fails. */
static void setup(void)
{
	strcpy(tmp, "/tmp/check_spawn.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmp);
}

/* Run /bin/sh -c script with envp; the result, and the time it took. */
static int sh(const char *script, char *const envp[], int64_t timeout_ms,
	      struct spawn_result *res, int64_t *took)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	int64_t t0 = now_ms();
	int rc = spawn_run(argv, envp, t0 + timeout_ms, res);

	if (took)
		*took = now_ms() - t0;
	return rc;
}

static char *slurp(const char *path)
{
	static char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, sizeof buf - 1);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	close(fd);
	return buf;
}

START_TEST(test_true_false)
{
	char *t[] = { "/bin/true", NULL }, *f[] = { "/bin/false", NULL };
	struct spawn_result res;

	ck_assert_int_eq(spawn_run(t, no_env, now_ms() + 5000, &res), 0);
	ck_assert(res.exited);
	ck_assert(!res.timed_out);
	ck_assert_int_eq(res.exec_errno, 0);
	ck_assert(WIFEXITED(res.status));
	ck_assert_int_eq(spawn_exit_code(&res), 0);

	ck_assert_int_eq(spawn_run(f, no_env, now_ms() + 5000, &res), 0);
	ck_assert(res.exited);
	ck_assert(!res.timed_out);
	ck_assert_int_eq(res.exec_errno, 0);
	ck_assert_int_eq(spawn_exit_code(&res), 1);

	ck_assert_int_eq(sh("exit 3", no_env, 5000, &res, NULL), 0);
	ck_assert_int_eq(spawn_exit_code(&res), 3);
}
END_TEST

START_TEST(test_exec_failure)
{
	char *missing[] = { "/nonexistent/scalix-init", "start", NULL };
	char *dir[] = { "/", NULL };
	struct spawn_result res;

	ck_assert_int_eq(spawn_run(missing, no_env, now_ms() + 5000, &res), 0);
	ck_assert_int_eq(res.exec_errno, ENOENT);
	ck_assert(res.exited);
	ck_assert(!res.timed_out);
	ck_assert_int_eq(spawn_exit_code(&res), 127);

	ck_assert_int_eq(spawn_run(dir, no_env, now_ms() + 5000, &res), 0);
	ck_assert_int_eq(res.exec_errno, EACCES);
	ck_assert_int_eq(spawn_exit_code(&res), 127);

	/* A script that exits 127 by itself is no exec failure. */
	ck_assert_int_eq(sh("exit 127", no_env, 5000, &res, NULL), 0);
	ck_assert_int_eq(res.exec_errno, 0);
	ck_assert_int_eq(spawn_exit_code(&res), 127);
}
END_TEST

START_TEST(test_timeout)
{
	char *argv[] = { "/bin/sleep", "5", NULL };
	struct spawn_result res;
	int64_t t0 = now_ms(), took;

	ck_assert_int_eq(spawn_run(argv, no_env, t0 + 200, &res), 0);
	took = now_ms() - t0;
	ck_assert(res.timed_out);
	ck_assert(!res.exited);
	ck_assert_int_eq(spawn_exit_code(&res), -1);
	ck_assert_int_ge(took, 190);
	ck_assert_int_lt(took, 2000);
}
END_TEST

START_TEST(test_deadline_passed)
{
	char *argv[] = { "/bin/sleep", "5", NULL };
	struct spawn_result res;
	int64_t t0 = now_ms();

	ck_assert_int_eq(spawn_run(argv, no_env, t0 - 1, &res), 0);
	ck_assert(res.timed_out);
	ck_assert_int_lt(now_ms() - t0, 2000);
}
END_TEST

START_TEST(test_timeout_kills_group)
{
	char script[1024], path[128];
	struct spawn_result res;
	int64_t took;
	pid_t bg;
	int i;

	/* The script leaves a child behind in its group, then hangs. */
	snprintf(path, sizeof path, "%s/bg.pid", tmp);
	snprintf(script, sizeof script,
		 "/bin/sleep 30 & echo $! > %s.new && /bin/mv %s.new %s; wait", path,
		 path, path);
	ck_assert_int_eq(sh(script, no_env, 500, &res, &took), 0);
	ck_assert(res.timed_out);
	ck_assert_int_lt(took, 3000);
	bg = (pid_t)atoi(slurp(path));
	ck_assert_int_gt(bg, 1);
	for (i = 0; i < 200 && proc_alive(bg); i++)
		usleep(10000);
	ck_assert_msg(!proc_alive(bg), "pid %d of the group survived", (int)bg);
}
END_TEST

START_TEST(test_killed_by_signal)
{
	struct spawn_result res;

	ck_assert_int_eq(sh("kill -9 $$", no_env, 5000, &res, NULL), 0);
	ck_assert(res.exited);
	ck_assert(!res.timed_out);
	ck_assert(WIFSIGNALED(res.status));
	ck_assert_int_eq(WTERMSIG(res.status), SIGKILL);
	ck_assert_int_eq(spawn_exit_code(&res), -1);
}
END_TEST

START_TEST(test_environment_exact)
{
	char *envp[] = { "FOO=bar", NULL };
	struct spawn_result res;

	/* Nothing leaks in from ours. */
	ck_assert_int_eq(setenv("LEAK", "1", 1), 0);
	ck_assert_int_eq(setenv("HOME", "/root", 1), 0);
	ck_assert_int_eq(
		sh("test \"$FOO\" = bar && test -z \"$HOME\" && test -z \"$LEAK\"", envp,
		   5000, &res, NULL),
		0);
	ck_assert_msg(spawn_exit_code(&res) == 0, "exit code %d", spawn_exit_code(&res));

	/* And FOO=bar is really what it got, not something always true. */
	ck_assert_int_eq(sh("test \"$FOO\" = bar", no_env, 5000, &res, NULL), 0);
	ck_assert_int_eq(spawn_exit_code(&res), 1);
}
END_TEST

START_TEST(test_environment_count)
{
	char *envp[] = { "OMCURRENT=mail1", "PATH=/bin:/usr/bin", "LANG=C", "LC_ALL=C",
			 NULL };
	char script[1024], path[128];
	struct spawn_result res;
	char *out;

	snprintf(path, sizeof path, "%s/env", tmp);
	snprintf(script, sizeof script, "exec /usr/bin/env > %s", path);
	ck_assert_int_eq(sh(script, envp, 5000, &res, NULL), 0);
	ck_assert_int_eq(spawn_exit_code(&res), 0);
	out = slurp(path);
	/* sh may add PWD, but nothing else. */
	ck_assert_ptr_nonnull(strstr(out, "OMCURRENT=mail1\n"));
	ck_assert_ptr_nonnull(strstr(out, "PATH=/bin:/usr/bin\n"));
	ck_assert_ptr_nonnull(strstr(out, "LANG=C\n"));
	ck_assert_ptr_nonnull(strstr(out, "LC_ALL=C\n"));
	ck_assert_ptr_null(strstr(out, "HOME="));
	ck_assert_ptr_null(strstr(out, "CK_"));
}
END_TEST

START_TEST(test_child_setup)
{
	char script[1024], path[256];
	struct spawn_result res;
	const char *checks[] = {
		/* cwd is /, whatever ours is. */
		"test \"$(/bin/pwd)\" = /",
		/* stdin is /dev/null. */
		"test \"$(/usr/bin/readlink /proc/$$/fd/0)\" = /dev/null",
		/* It leads its own process group. */
		"read -r pid comm state ppid pgrp rest < /proc/$$/stat && test \"$pgrp\" "
		"= $$",
	};
	size_t i;

	snprintf(path, sizeof path, "%s", tmp);
	ck_assert_int_eq(chdir(path), 0);
	for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		snprintf(script, sizeof script, "%s", checks[i]);
		ck_assert_int_eq(sh(script, no_env, 5000, &res, NULL), 0);
		ck_assert_msg(spawn_exit_code(&res) == 0, "[%s]: exit code %d", checks[i],
			      spawn_exit_code(&res));
	}
	ck_assert_int_eq(chdir("/"), 0);
}
END_TEST

/*
 * Descriptors the caller was given (not close-on-exec) do not reach a child:
 * with close_range, and without it (as on RHEL 6).
 */
static void only_fds_0_to_2(bool without_close_range)
{
	struct spawn_result res;
	int fd = open("/dev/null", O_RDONLY);

	spawn_no_close_range = without_close_range;
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, 9), 9);
	ck_assert_int_eq(dup2(fd, 200), 200);
	ck_assert_int_eq(sh("for f in /proc/$$/fd/*; do [ -L \"$f\" ] || continue; "
			    "[ \"${f##*/}\" -le 2 ] || exit 1; done; exit 0",
			    no_env, 5000, &res, NULL),
			 0);
	ck_assert_int_eq(spawn_exit_code(&res), 0);
	close(fd);
	close(9);
	close(200);
	spawn_no_close_range = false;
}

START_TEST(test_only_fds_0_to_2)
{
	only_fds_0_to_2(false);
}
END_TEST

START_TEST(test_only_fds_0_to_2_proc)
{
	only_fds_0_to_2(true);
}
END_TEST

START_TEST(test_sigchld_unblocked_in_child)
{
	char script[1024], path[128];
	struct spawn_result res;
	unsigned long long mask;
	sigset_t now;
	char *line;

	/* spawn_init blocked SIGCHLD here; the child must not inherit that. */
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &now), 0);
	ck_assert(sigismember(&now, SIGCHLD));
	snprintf(path, sizeof path, "%s/status", tmp);
	snprintf(script, sizeof script, "exec /bin/cat /proc/self/status > %s", path);
	ck_assert_int_eq(sh(script, no_env, 5000, &res, NULL), 0);
	ck_assert_int_eq(spawn_exit_code(&res), 0);
	line = strstr(slurp(path), "SigBlk:");
	ck_assert_ptr_nonnull(line);
	mask = strtoull(line + 7, NULL, 16);
	ck_assert_msg(!(mask & (1ULL << (SIGCHLD - 1))), "SigBlk %llx", mask);
}
END_TEST

START_TEST(test_output_goes_to_stderr)
{
	char outp[256], errp[256];
	struct spawn_result res;
	int saved_out, saved_err, out, err;

	snprintf(outp, sizeof outp, "%s/stdout", tmp);
	snprintf(errp, sizeof errp, "%s/stderr", tmp);
	out = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	err = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(out, 0);
	ck_assert_int_ge(err, 0);
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(1);
	saved_err = dup(2);
	dup2(out, 1);
	dup2(err, 2);
	sh("echo out; echo err >&2", no_env, 5000, &res, NULL);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	close(out);
	close(err);
	ck_assert_int_eq(spawn_exit_code(&res), 0);
	ck_assert_str_eq(slurp(outp), "");
	ck_assert_str_eq(slurp(errp), "out\nerr\n");
}
END_TEST

START_TEST(test_many_in_a_row)
{
	char *t[] = { "/bin/true", NULL };
	struct spawn_result res;
	int i;

	/* Each wait sees its own child's SIGCHLD, none is missed. */
	for (i = 0; i < 50; i++) {
		int64_t t0 = now_ms();

		ck_assert_int_eq(spawn_run(t, no_env, t0 + 5000, &res), 0);
		ck_assert(res.exited);
		ck_assert_int_lt(now_ms() - t0, 2000);
	}
}
END_TEST

static Suite *spawn_suite(void)
{
	Suite *s = suite_create("spawn");
	TCase *tc = tcase_create("run");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_true_false);
	tcase_add_test(tc, test_exec_failure);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_deadline_passed);
	tcase_add_test(tc, test_timeout_kills_group);
	tcase_add_test(tc, test_killed_by_signal);
	tcase_add_test(tc, test_environment_exact);
	tcase_add_test(tc, test_environment_count);
	tcase_add_test(tc, test_child_setup);
	tcase_add_test(tc, test_only_fds_0_to_2);
	tcase_add_test(tc, test_only_fds_0_to_2_proc);
	tcase_add_test(tc, test_sigchld_unblocked_in_child);
	tcase_add_test(tc, test_output_goes_to_stderr);
	tcase_add_test(tc, test_many_in_a_row);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(spawn_suite());
	int failed;

	spawn_init();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
