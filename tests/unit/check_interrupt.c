/* SPDX-License-Identifier: MIT */
/*
 * What a signalled or killed helper leaves behind (issue 14): TERM ends the
 * current command early, a KILLed helper takes its command with it; the lock
 * names its holder; network probes answer within their bound.
 */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_compat.h"
#include "clock.h"
#include "interrupt.h"
#include "lock.h"
#include "netprobe.h"
#include "proc.h"
#include "spawn.h"

static char *const no_env[] = { NULL };
static char tmp[64];

static void setup(void)
{
	strcpy(tmp, "/tmp/check_interrupt.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

/* A process that sends sig to us after ms. */
static pid_t signal_later(int sig, int ms)
{
	pid_t me = getpid(), pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		usleep((useconds_t)ms * 1000);
		kill(me, sig);
		_exit(0);
	}
	return pid;
}

START_TEST(test_term_ends_command)
{
	char *argv[] = { "/bin/sleep", "30", NULL };
	struct spawn_result res;
	int64_t t0;
	pid_t killer;

	spawn_init();
	interrupt_init();
	killer = signal_later(SIGTERM, 200);
	t0 = now_ms();
	ck_assert_int_eq(spawn_run(argv, no_env, t0 + 20000, &res), 0);
	ck_assert_msg(now_ms() - t0 < 2000, "took %lld ms", (long long)(now_ms() - t0));
	ck_assert(res.timed_out);
	ck_assert(res.interrupted);
	ck_assert_int_eq(interrupted(), SIGTERM);
	/* Undoing: the waits run to their own bounds again. */
	interrupt_undoing();
	ck_assert_int_eq(interrupted(), 0);
	ck_assert_int_eq(interrupt_signal(), SIGTERM);
	waitpid(killer, NULL, 0);
}
END_TEST

START_TEST(test_command_dies_with_killed_helper)
{
	char pidfile[128], script[256], buf[32];
	struct spawn_result res;
	pid_t helper, cmd = 0;
	FILE *f;
	int i;

	snprintf(pidfile, sizeof pidfile, "%s/pid", tmp);
	snprintf(script, sizeof script, "echo $$ > %s; exec sleep 30", pidfile);
	helper = fork();
	ck_assert_int_ge(helper, 0);
	if (helper == 0) {
		char *argv[] = { "/bin/sh", "-c", script, NULL };

		spawn_init();
		spawn_run(argv, no_env, now_ms() + 30000, &res);
		_exit(0);
	}
	for (i = 0; i < 200 && !cmd; i++) {
		usleep(10000);
		f = fopen(pidfile, "r");
		if (f && fgets(buf, sizeof buf, f))
			cmd = (pid_t)atol(buf);
		if (f)
			fclose(f);
	}
	ck_assert_int_gt(cmd, 0);
	usleep(50000); /* the exec of sleep */
	kill(helper, SIGKILL);
	waitpid(helper, NULL, 0);
	for (i = 0; i < 100 && proc_alive(cmd); i++)
		usleep(10000);
	ck_assert_msg(!proc_alive(cmd), "the command outlived its helper");
}
END_TEST

START_TEST(test_lock_names_holder)
{
	struct lock_holder h;
	int fd = instance_lock(tmp, "mail1", "start", now_ms() + 1000);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(lock_holder(tmp, "mail1", &h), 0);
	ck_assert_int_eq(h.pid, getpid());
	ck_assert_str_eq(h.verb, "start");
	instance_unlock(fd);
	/* A record naming a process that is gone, or no record: no holder. */
	ck_assert_int_eq(lock_holder(tmp, "mail9", &h), -1);
	{
		char path[128];
		FILE *f;

		snprintf(path, sizeof path, "%s/mail8.lock", tmp);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fprintf(f, "%d 1 start\n", 0x3ffffffe);
		fclose(f);
		ck_assert_int_eq(lock_holder(tmp, "mail8", &h), -1);
	}
}
END_TEST

/* A listener on 127.0.0.1 that answers each connection with answer. */
static pid_t serve(const char *answer, unsigned *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	pid_t pid;

	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
	ck_assert_int_eq(listen(s, 8), 0);
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		for (;;) {
			char buf[256];
			int c = accept(s, NULL, NULL);

			if (c < 0)
				_exit(1);
			if (answer && read(c, buf, sizeof buf) > 0 &&
			    write(c, answer, strlen(answer)) < 0)
				_exit(1);
			close(c);
		}
	}
	close(s);
	return pid;
}

START_TEST(test_probes)
{
	struct net_addrs a;
	char why[160];
	unsigned port, silent_port;
	pid_t web = serve("HTTP/1.1 404 Not Found\r\n\r\n", &port);
	pid_t mute = serve("", &silent_port);

	ck_assert_int_eq(net_resolve("127.0.0.1", port, 2000, &a, why, sizeof why), 0);
	ck_assert(net_serves(&a, false, 2000, why, sizeof why));
	/* Any HTTP status line counts, a 404 too. */
	ck_assert_msg(net_serves(&a, true, 2000, why, sizeof why), "%s", why);
	ck_assert(tcp_accepts("127.0.0.1", port, 2000));
	/* Accepts but never answers HTTP: not serving, within the bound. */
	ck_assert_int_eq(net_resolve("127.0.0.1", silent_port, 2000, &a, why, sizeof why),
			 0);
	ck_assert(!net_serves(&a, true, 500, why, sizeof why));
	ck_assert_str_eq(why, "no HTTP answer");
	kill(web, SIGKILL);
	kill(mute, SIGKILL);
	waitpid(web, NULL, 0);
	waitpid(mute, NULL, 0);
	/* Nothing listens any more. */
	ck_assert_int_eq(net_resolve("127.0.0.1", port, 2000, &a, why, sizeof why), 0);
	ck_assert(!net_serves(&a, false, 2000, why, sizeof why));
	ck_assert_str_eq(why, "connection refused");
}
END_TEST

START_TEST(test_resolve_bounded)
{
	struct net_addrs a;
	char why[160];
	int64_t t0 = now_ms();

	/* Whatever the resolver does with it (no DNS, a slow one), 300 ms. */
	ck_assert_int_eq(
		net_resolve("no-such-host.invalid", 80, 300, &a, why, sizeof why), -1);
	ck_assert_msg(now_ms() - t0 < 1300, "took %lld ms", (long long)(now_ms() - t0));
	ck_assert_msg(strstr(why, "no-such-host.invalid") != NULL, "%s", why);
}
END_TEST

static Suite *interrupt_suite(void)
{
	Suite *su = suite_create("interrupt");
	TCase *tc = tcase_create("signals");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_term_ends_command);
	tcase_add_test(tc, test_command_dies_with_killed_helper);
	tcase_add_test(tc, test_lock_names_holder);
	tcase_add_test(tc, test_probes);
	tcase_add_test(tc, test_resolve_bounded);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	SRunner *sr = srunner_create(interrupt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
