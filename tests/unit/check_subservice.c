/* SPDX-License-Identifier: MIT */
/* subservice.c: judging a pid file (absent, stale, or ours). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_compat.h"
#include "log.h"
#include "proc.h"
#include "subservice.h"

static char tmp[64];
static char store[256];	 /* the instance directory the probe looks for */
static char piddir[256]; /* where the pid files are written */
static struct usage_probe probe;

/* Made and removed by the runner, so it goes even when a test fails. */
static void setup(void)
{
	strcpy(tmp, "/tmp/check_subservice.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(store, sizeof store, "%s/store", tmp);
	snprintf(piddir, sizeof piddir, "%s/run", tmp);
	ck_assert_int_eq(mkdir(store, 0755), 0);
	ck_assert_int_eq(mkdir(piddir, 0755), 0);
	ck_assert_int_eq(usage_probe_init(&probe, store), 0);
}

static void teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmp);
}

/*
 * A child that sets itself up (cwd, an open file) and then waits to be
 * killed; it dies with us, or after a minute, whatever happens to the test.
 */
static pid_t child(const char *cwd, const char *open_path)
{
	int p[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* Not Check's handlers: its TERM handler kills the group. */
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(60);
		close(p[0]);
		if (open_path && open(open_path, O_RDWR | O_CREAT, 0600) < 0)
			_exit(1);
		if (cwd && chdir(cwd) < 0)
			_exit(1);
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	close(p[0]);
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}

static const char *write_pidfile(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", piddir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static const char *write_pid(const char *name, pid_t pid, const char *rest)
{
	char text[256];

	snprintf(text, sizeof text, "%d%s", (int)pid, rest);
	return write_pidfile(name, text);
}

START_TEST(test_absent)
{
	char path[512];
	pid_t pid = 77;

	snprintf(path, sizeof path, "%s/none.pid", piddir);
	ck_assert_int_eq(pidfile_check(NULL, path, &probe, &pid), PF_ABSENT);
	ck_assert_int_eq(pid, 0);
}
END_TEST

START_TEST(test_garbage)
{
	static const char *const texts[] = {
		"",	    "\n",     "hello\n",
		"123abc\n", "-5\n",   "0\n",
		"1\n",	    " \n",    "99999999999999999999\n",
		"12.5\n",   "0x10\n",
	};
	size_t i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		pid_t pid = 77;
		const char *path = write_pidfile("garbage.pid", texts[i]);

		ck_assert_msg(pidfile_check(NULL, path, &probe, &pid) == PF_STALE,
			      "[%s] not stale", texts[i]);
		ck_assert_msg(pid == 0, "[%s]: pid %d", texts[i], (int)pid);
	}
}
END_TEST

START_TEST(test_dead_process)
{
	pid_t dead = fork(), pid;
	const char *path;

	ck_assert_int_ge(dead, 0);
	if (dead == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(dead, NULL, 0), dead);
	path = write_pid("dead.pid", dead, "\n");
	ck_assert_int_eq(pidfile_check(NULL, path, &probe, &pid), PF_STALE);
	ck_assert_int_eq(pid, dead);
}
END_TEST

START_TEST(test_zombie)
{
	pid_t zombie = fork(), pid;
	const char *path;
	char state = '?';
	int i;

	ck_assert_int_ge(zombie, 0);
	if (zombie == 0) {
		/* A zombie whose cwd was the storage: still not running. */
		if (chdir(store) < 0)
			_exit(1);
		_exit(0);
	}
	for (i = 0; i < 500 && state != 'Z'; i++) {
		if (proc_stat(zombie, &state, NULL) < 0)
			break;
		usleep(10000);
	}
	ck_assert_int_eq(state, 'Z');
	path = write_pid("zombie.pid", zombie, "\n");
	ck_assert_int_eq(pidfile_check(NULL, path, &probe, &pid), PF_STALE);
	ck_assert_int_eq(pid, zombie);
	ck_assert_int_eq(waitpid(zombie, NULL, 0), zombie);
}
END_TEST

START_TEST(test_ours_by_cwd)
{
	static const char *const rests[] = {
		"",
		"\n",
		"\r\n",
		" \n",
		/* postmaster.pid: the PID, then more lines. */
		"\n/var/opt/scalix/m1/postgres/data\n1700000000\n5733\n",
	};
	pid_t ours = child(store, NULL), pid;
	size_t i;

	for (i = 0; i < sizeof rests / sizeof rests[0]; i++) {
		const char *path = write_pid("ours.pid", ours, rests[i]);

		pid = 0;
		ck_assert_int_eq(pidfile_check(NULL, path, &probe, &pid), PF_OURS);
		ck_assert_int_eq(pid, ours);
	}
	reap(ours);
}
END_TEST

START_TEST(test_ours_by_open_file)
{
	char file[512];
	pid_t ours, pid;
	const char *path;

	snprintf(file, sizeof file, "%s/postgres.log", store);
	ours = child("/", file);
	path = write_pid("ours.pid", ours, "\n");
	ck_assert_int_eq(pidfile_check(NULL, path, &probe, &pid), PF_OURS);
	ck_assert_int_eq(pid, ours);
	reap(ours);
}
END_TEST

START_TEST(test_live_elsewhere)
{
	pid_t other = child("/", NULL), pid;
	const char *path;

	/* Another program got the PID after a crash. */
	path = write_pid("other.pid", other, "\n");
	ck_assert_int_eq(pidfile_check(NULL, path, &probe, &pid), PF_STALE);
	ck_assert_int_eq(pid, other);
	reap(other);

	/* The test process itself: its cwd is not under the storage. */
	ck_assert_int_eq(chdir(piddir), 0);
	path = write_pid("self.pid", getpid(), "\n");
	ck_assert_int_eq(pidfile_check(NULL, path, &probe, &pid), PF_STALE);
	ck_assert_int_eq(pid, getpid());
	ck_assert_int_eq(chdir("/"), 0);
}
END_TEST

START_TEST(test_symlink_refused)
{
	pid_t ours = child(store, NULL), pid;
	const char *path = write_pid("real.pid", ours, "\n");
	char link[512];

	snprintf(link, sizeof link, "%s/link.pid", piddir);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(pidfile_check(NULL, path, &probe, &pid), PF_OURS);
	/* A pid file is never followed through a symbolic link: not a pid file. */
	ck_assert_int_eq(pidfile_check(NULL, link, &probe, &pid), PF_BAD);
	reap(ours);
}
END_TEST

static Suite *subservice_suite(void)
{
	Suite *s = suite_create("subservice");
	TCase *tc = tcase_create("pidfile");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_absent);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_dead_process);
	tcase_add_test(tc, test_zombie);
	tcase_add_test(tc, test_ours_by_cwd);
	tcase_add_test(tc, test_ours_by_open_file);
	tcase_add_test(tc, test_live_elsewhere);
	tcase_add_test(tc, test_symlink_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(subservice_suite());
	int failed;

	log_init("check_subservice", true);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
