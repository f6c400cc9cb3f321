/* SPDX-License-Identifier: MIT */
/* instance.c: the LSB status mapping and what an instance context holds. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_compat.h"
#include "instance.h"
#include "lsb.h"
#include "settings.h"

START_TEST(test_state_lsb)
{
	ck_assert_int_eq(instance_state_lsb(INST_RUNNING), 0);
	ck_assert_int_eq(instance_state_lsb(INST_PARTIAL), 1);
	ck_assert_int_eq(instance_state_lsb(INST_DEAD_PID), 1);
	ck_assert_int_eq(instance_state_lsb(INST_DEAD_LOCK), 2);
	ck_assert_int_eq(instance_state_lsb(INST_STOPPED), 3);
	ck_assert_int_eq(instance_state_lsb(INST_UNKNOWN), 4);
	/* The same, by name. */
	ck_assert_int_eq(instance_state_lsb(INST_RUNNING), LSB_ST_RUNNING);
	ck_assert_int_eq(instance_state_lsb(INST_DEAD_PID), LSB_ST_DEAD_PID);
	ck_assert_int_eq(instance_state_lsb(INST_DEAD_LOCK), LSB_ST_DEAD_LOCK);
	ck_assert_int_eq(instance_state_lsb(INST_STOPPED), LSB_ST_STOPPED);
	ck_assert_int_eq(instance_state_lsb(INST_UNKNOWN), LSB_ST_UNKNOWN);
	/* Out of range is unknown, never "running". */
	ck_assert_int_eq(instance_state_lsb((enum instance_state)42), 4);
}
END_TEST

START_TEST(test_state_word)
{
	static const enum instance_state all[] = {
		INST_RUNNING,	INST_PARTIAL, INST_DEAD_PID,
		INST_DEAD_LOCK, INST_STOPPED, INST_UNKNOWN,
	};
	size_t i, j;

	ck_assert_str_eq(instance_state_word(INST_RUNNING), "running");
	ck_assert_str_eq(instance_state_word(INST_STOPPED), "stopped");
	ck_assert_str_eq(instance_state_word(INST_UNKNOWN), "unknown");
	ck_assert_str_eq(instance_state_word((enum instance_state)42), "unknown");
	/* Every state has its own non-empty word. */
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		ck_assert_ptr_nonnull(instance_state_word(all[i]));
		ck_assert_uint_gt(strlen(instance_state_word(all[i])), 0);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(instance_state_word(all[i]),
					 instance_state_word(all[j]));
	}
}
END_TEST

static struct instance mail1 = {
	.name = "mail1",
	.host = "mail1.scalixdemo.com",
	.datadir = "/var/opt/scalix/m1/s",
	.az = "m1",
};

static void assert_env(char **envp, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		ck_assert_msg(envp[i] != NULL, "missing [%s]", want[i]);
		ck_assert_str_eq(envp[i], want[i]);
	}
	ck_assert_msg(envp[i] == NULL, "extra [%s]", envp[i]);
}

START_TEST(test_ctx_real_root)
{
	static const char *const env[] = {
		"OMCURRENT=mail1",
		"PATH=/opt/scalix/bin:/opt/scalix/diag:/opt/scalix-tomcat/bin:"
		"/opt/scalix-postgres/bin:/sbin:/usr/sbin:/bin:/usr/bin",
		"LANG=C",
		"LC_ALL=C",
		NULL,
	};
	struct settings cfg;
	struct instance_ctx c;
	char *err = NULL;

	ck_assert_int_eq(settings_parse(&cfg, "x", "", 0, &err), 0);
	ck_assert_int_eq(instance_ctx_init(&c, &cfg, "/", &mail1), 0);
	ck_assert_ptr_null(c.root);
	ck_assert_str_eq(c.dir, "/var/opt/scalix/m1");
	ck_assert_str_eq(c.subsys, "/var/lock/subsys/scalix-ha-mail1");
	ck_assert_str_eq(c.run_dir, "/var/run/scalix-ha");
	ck_assert_str_eq(c.pidfile[0], "/var/opt/scalix/m1/postgres/data/postmaster.pid");
	ck_assert_ptr_null(c.pidfile[1]);
	ck_assert_str_eq(c.pidfile[2], "/var/opt/scalix/m1/tomcat/tomcat.pid");
	assert_env(c.envp, env);
	instance_ctx_free(&c);

	ck_assert_int_eq(instance_ctx_init(&c, &cfg, NULL, &mail1), 0);
	ck_assert_str_eq(c.dir, "/var/opt/scalix/m1");
	assert_env(c.envp, env);
	instance_ctx_free(&c);
	settings_free(&cfg);
}
END_TEST

START_TEST(test_ctx_root_and_child_env)
{
	static const char buf[] = "CHILD_PATH=/bin\n"
				  "CHILD_ENV='JAVA_HOME=/usr/lib/jvm TZ=UTC'\n"
				  "INSTANCE_DIR=/srv/%i\n"
				  "SCALIX_PIDFILE=/run/%a/%i.pid\n";
	static const char *const env[] = {
		"OMCURRENT=mail1",
		"PATH=/bin",
		"LANG=C",
		"LC_ALL=C",
		"SCALIX_HA_ROOT=/tmp/sandbox",
		"JAVA_HOME=/usr/lib/jvm",
		"TZ=UTC",
		NULL,
	};
	struct settings cfg;
	struct instance_ctx c;
	char *err = NULL;

	ck_assert_int_eq(settings_parse(&cfg, "x", buf, strlen(buf), &err), 0);
	ck_assert_int_eq(instance_ctx_init(&c, &cfg, "/tmp/sandbox", &mail1), 0);
	ck_assert_str_eq(c.dir, "/tmp/sandbox/srv/mail1");
	ck_assert_str_eq(c.subsys, "/tmp/sandbox/var/lock/subsys/scalix-ha-mail1");
	ck_assert_str_eq(c.run_dir, "/tmp/sandbox/var/run/scalix-ha");
	ck_assert_str_eq(c.pidfile[1], "/tmp/sandbox/run/m1/mail1.pid");
	ck_assert_str_eq(c.pidfile[2],
			 "/tmp/sandbox/var/opt/scalix/m1/tomcat/tomcat.pid");
	assert_env(c.envp, env);
	instance_ctx_free(&c);
	settings_free(&cfg);
}
END_TEST

/* A path that would be cut short in a PATH_MAX buffer is refused. */
START_TEST(test_ctx_path_too_long)
{
	static const char *const keys[] = { "INSTANCE_DIR", "RUN_DIR", "SUBSYS_DIR",
					    "SCALIX_PIDFILE" };
	struct settings cfg;
	struct instance_ctx c;
	char *err = NULL, buf[8192];
	size_t k, n;

	for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		n = (size_t)snprintf(buf, sizeof buf, "%s=", keys[k]);
		while (n < 4200)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "/seg");
		buf[n++] = '\n';
		ck_assert_int_eq(settings_parse(&cfg, "x", buf, n, &err), 0);
		errno = 0;
		ck_assert_int_eq(instance_ctx_init(&c, &cfg, "/", &mail1), -1);
		ck_assert_int_eq(errno, ENAMETOOLONG);
		instance_ctx_free(&c);
		settings_free(&cfg);
	}
	/* Long, but with room for the lock's name: accepted. */
	n = (size_t)snprintf(buf, sizeof buf, "RUN_DIR=");
	while (n < 3900)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "/seg");
	buf[n++] = '\n';
	ck_assert_int_eq(settings_parse(&cfg, "x", buf, n, &err), 0);
	ck_assert_int_eq(instance_ctx_init(&c, &cfg, "/", &mail1), 0);
	instance_ctx_free(&c);
	settings_free(&cfg);
}
END_TEST

static Suite *instance_suite(void)
{
	Suite *s = suite_create("instance");
	TCase *tc = tcase_create("lsb");

	tcase_add_test(tc, test_state_lsb);
	tcase_add_test(tc, test_state_word);
	suite_add_tcase(s, tc);

	tc = tcase_create("context");
	tcase_add_test(tc, test_ctx_real_root);
	tcase_add_test(tc, test_ctx_root_and_child_env);
	tcase_add_test(tc, test_ctx_path_too_long);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(instance_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
