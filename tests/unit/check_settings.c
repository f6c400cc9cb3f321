/* SPDX-License-Identifier: MIT */
/* settings.c: /etc/sysconfig/scalix-ha, its defaults and its errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_compat.h"
#include "pkgdb.h"
#include "settings.h"
#include "settings_services.h"
#include "words.h"

#define CONF "/etc/sysconfig/scalix-ha"

static struct settings s;

static void teardown(void)
{
	settings_free(&s);
}

static int parse(const char *buf, char **err)
{
	return settings_parse(&s, CONF, buf, strlen(buf), err);
}

/* buf is accepted. */
static void assert_ok(const char *buf)
{
	char *err = NULL;
	int rc;

	settings_free(&s);
	rc = parse(buf, &err);
	ck_assert_msg(rc == 0, "[%s] refused: %s", buf, err ? err : "(no message)");
	ck_assert_ptr_null(err);
}

/* buf is refused with exactly want. */
static void assert_err(const char *buf, const char *want)
{
	char *err = NULL;

	settings_free(&s);
	ck_assert_msg(parse(buf, &err) == -1, "[%s] accepted", buf);
	ck_assert_ptr_nonnull(err);
	ck_assert_str_eq(err, want);
	free(err);
}

static void assert_words(char **w, const char *const *want)
{
	size_t i;

	ck_assert_ptr_nonnull(w);
	for (i = 0; want[i]; i++) {
		ck_assert_msg(w[i] != NULL, "word %zu missing (want [%s])", i, want[i]);
		ck_assert_str_eq(w[i], want[i]);
	}
	ck_assert_msg(w[i] == NULL, "extra word [%s]", w[i]);
}

static const struct subservice_cfg *svc(const char *name)
{
	size_t i;

	for (i = 0; i < s.nsvc; i++)
		if (strcmp(s.svc[i].name, name) == 0)
			return &s.svc[i];
	return NULL;
}

START_TEST(test_defaults)
{
	static const char *const empty[] = { NULL };

	ck_assert_int_eq(settings_defaults(&s), 0);
	ck_assert_int_eq(s.start_timeout_ms, 60000);
	ck_assert_int_eq(s.stop_timeout_ms, 30000);
	ck_assert_int_eq(s.status_timeout_ms, 10000);
	ck_assert_int_eq(s.kill_grace_ms, 5000);
	ck_assert_uint_eq(s.nsvc, 3);
	ck_assert_str_eq(s.svc[0].name, "scalix-postgres");
	ck_assert_str_eq(s.svc[1].name, "scalix");
	ck_assert_str_eq(s.svc[2].name, "scalix-tomcat");
	ck_assert_str_eq(s.svc[0].script, "/etc/rc.d/init.d/scalix-postgres");
	ck_assert_str_eq(s.svc[1].script, "/etc/rc.d/init.d/scalix");
	ck_assert_str_eq(s.svc[2].script, "/etc/rc.d/init.d/scalix-tomcat");
	ck_assert_str_eq(s.svc[0].pidfile,
			 "/var/opt/scalix/%a/postgres/data/postmaster.pid");
	ck_assert_ptr_null(s.svc[1].pidfile);
	ck_assert_str_eq(s.svc[2].pidfile, "/var/opt/scalix/%a/tomcat/tomcat.pid");
	ck_assert_str_eq(s.registry, "/etc/opt/scalix/instance.cfg");
	ck_assert_str_eq(s.instance_dir, "/var/opt/scalix/%a");
	ck_assert_str_eq(s.subsys_dir, "/var/lock/subsys");
	ck_assert_str_eq(s.run_dir, "/var/run/scalix-ha");
	ck_assert_str_eq(s.child_path, "/opt/scalix/bin:/opt/scalix/diag:"
				       "/opt/scalix-tomcat/bin:/opt/scalix-postgres/bin:"
				       "/sbin:/usr/sbin:/bin:/usr/bin");
	assert_words(s.child_env, empty);
	ck_assert_uint_eq(s.shutdown_port_base, 8005);
	ck_assert_ptr_null(s.admin_instance);
}
END_TEST

START_TEST(test_empty_file_default_commands)
{
	static const char *const verbs[3] = { "start", "stop", "status" };
	size_t i, v;

	assert_ok("");
	ck_assert_int_eq(s.start_timeout_ms, 60000);
	ck_assert_uint_eq(s.nsvc, 3);
	for (i = 0; i < s.nsvc; i++)
		for (v = 0; v < 3; v++) {
			const char *want[] = { s.svc[i].script, verbs[v], "%i", NULL };

			assert_words(s.svc[i].argv[v], want);
		}
	ck_assert_uint_eq(SS_START, 0);
	ck_assert_uint_eq(SS_STOP, 1);
	ck_assert_uint_eq(SS_STATUS, 2);
	/* Comments and blank lines only. */
	assert_ok("# nothing\n\n   \n# START_TIMEOUT=$(bad)\n");
	ck_assert_int_eq(s.start_timeout_ms, 60000);
}
END_TEST

START_TEST(test_timeouts)
{
	assert_ok("START_TIMEOUT=90\nSTOP_TIMEOUT=0.5\nSTATUS_TIMEOUT=1.25\nKILL_GRACE="
		  "0\n");
	ck_assert_int_eq(s.start_timeout_ms, 90000);
	ck_assert_int_eq(s.stop_timeout_ms, 500);
	ck_assert_int_eq(s.status_timeout_ms, 1250);
	ck_assert_int_eq(s.kill_grace_ms, 0);

	assert_ok("KILL_GRACE=0.001\nSTART_TIMEOUT='86400'\nSTOP_TIMEOUT=\"2.5\"");
	ck_assert_int_eq(s.kill_grace_ms, 1);
	ck_assert_int_eq(s.start_timeout_ms, 86400000);
	ck_assert_int_eq(s.stop_timeout_ms, 2500);

	/* The last assignment wins. */
	assert_ok("START_TIMEOUT=1\nSTART_TIMEOUT=2\n");
	ck_assert_int_eq(s.start_timeout_ms, 2000);
}
END_TEST

START_TEST(test_bad_seconds)
{
	assert_err("START_TIMEOUT=abc",
		   CONF ":1: START_TIMEOUT: expected seconds, like 30 or 0.5");
	assert_err("# c\n\nSTOP_TIMEOUT=-1\n",
		   CONF ":3: STOP_TIMEOUT: expected seconds, like 30 or 0.5");
	assert_err("STATUS_TIMEOUT=1e3",
		   CONF ":1: STATUS_TIMEOUT: expected seconds, like 30 or 0.5");
	assert_err("STATUS_TIMEOUT=",
		   CONF ":1: STATUS_TIMEOUT: expected seconds, like 30 or 0.5");
	assert_err("KILL_GRACE=.5",
		   CONF ":1: KILL_GRACE: expected seconds, like 30 or 0.5");
	assert_err("KILL_GRACE=1,5",
		   CONF ":1: KILL_GRACE: expected seconds, like 30 or 0.5");
	assert_err("KILL_GRACE='5 s'",
		   CONF ":1: KILL_GRACE: expected seconds, like 30 or 0.5");
	assert_err("START_TIMEOUT=0", CONF ":1: START_TIMEOUT: must be more than 0");
	assert_err("STOP_TIMEOUT=0.0", CONF ":1: STOP_TIMEOUT: must be more than 0");
	assert_err("STATUS_TIMEOUT=0", CONF ":1: STATUS_TIMEOUT: must be more than 0");
	assert_err("START_TIMEOUT=86401", CONF ":1: START_TIMEOUT: more than a day");
	assert_err("START_TIMEOUT=99999999999999999999999",
		   CONF ":1: START_TIMEOUT: more than a day");
}
END_TEST

START_TEST(test_line_numbers)
{
	/* CRLF lines and lines without a final newline count too. */
	assert_err("# c\r\n\r\nA=1\r\nSTART_TIMEOUT=x\r\n",
		   CONF ":4: START_TIMEOUT: expected seconds, like 30 or 0.5");
	assert_err("A=1\n\n\n\nSTOP_TIMEOUT=y",
		   CONF ":5: STOP_TIMEOUT: expected seconds, like 30 or 0.5");
	assert_ok("START_TIMEOUT=7\r\n");
	ck_assert_int_eq(s.start_timeout_ms, 7000);
}
END_TEST

START_TEST(test_syntax_errors)
{
	assert_err("# c\nREGISTRY=$HOME/x\n",
		   CONF ":2: shell syntax is not supported; quote the value");
	assert_err("CHILD_PATH=\"$PATH:/x\"",
		   CONF ":1: expansion ($ or `) is not supported");
	assert_err("START_TIMEOUT=1 2",
		   CONF ":1: text after the value; quote values with spaces");
	assert_err("\nSTOP_TIMEOUT='5", CONF ":2: unterminated single quote");
	assert_err("not an assignment", CONF ":1: expected '=' after the key");
}
END_TEST

START_TEST(test_paths)
{
	assert_ok("REGISTRY=/srv/instance.cfg\nINSTANCE_DIR=/srv/%i\n"
		  "SUBSYS_DIR=/run/lock/subsys\nRUN_DIR=/run/scalix-ha\n"
		  "CHILD_PATH=/bin:/usr/bin\n");
	ck_assert_str_eq(s.registry, "/srv/instance.cfg");
	ck_assert_str_eq(s.instance_dir, "/srv/%i");
	ck_assert_str_eq(s.subsys_dir, "/run/lock/subsys");
	ck_assert_str_eq(s.run_dir, "/run/scalix-ha");
	ck_assert_str_eq(s.child_path, "/bin:/usr/bin");

	assert_err("\n\nREGISTRY=etc/instance.cfg",
		   CONF ":3: REGISTRY: must be an absolute path");
	assert_err("RUN_DIR=", CONF ":1: RUN_DIR: must be an absolute path");
	assert_err("SUBSYS_DIR=~/x",
		   CONF ":1: shell syntax is not supported; quote the value");
	assert_err("SUBSYS_DIR='~/x'", CONF ":1: SUBSYS_DIR: must be an absolute path");
	assert_err("INSTANCE_DIR=/var/opt/scalix/%x", CONF
		   ":1: INSTANCE_DIR: unknown template escape (use %i, %a, %d or %%)");
	assert_err("INSTANCE_DIR=/var/opt/scalix/%",
		   CONF ":1: INSTANCE_DIR: template ends in a lone '%'");
	assert_err("CHILD_PATH=", CONF ":1: CHILD_PATH: must not be empty");
}
END_TEST

START_TEST(test_services_reorder)
{
	static const char *const start[] = { "/etc/rc.d/init.d/scalix-tomcat", "start",
					     "%i", NULL };

	assert_ok("SERVICES='scalix-tomcat scalix'");
	ck_assert_uint_eq(s.nsvc, 2);
	ck_assert_str_eq(s.svc[0].name, "scalix-tomcat");
	ck_assert_str_eq(s.svc[1].name, "scalix");
	ck_assert_str_eq(s.svc[0].pidfile, "/var/opt/scalix/%a/tomcat/tomcat.pid");
	ck_assert_ptr_null(s.svc[1].pidfile);
	assert_words(s.svc[0].argv[SS_START], start);
	ck_assert_ptr_null(svc("scalix-postgres"));

	/* A sub-service of our own, with no pid file by default. */
	assert_ok("SERVICES=\"scalix my_svc-2\"");
	ck_assert_uint_eq(s.nsvc, 2);
	ck_assert_str_eq(s.svc[1].name, "my_svc-2");
	ck_assert_str_eq(s.svc[1].script, "/etc/rc.d/init.d/my_svc-2");
	ck_assert_ptr_null(s.svc[1].pidfile);
	assert_ok("SERVICES=\"scalix my_svc-2\"\nMY_SVC_2_PIDFILE=/run/%i.pid\n");
	ck_assert_str_eq(svc("my_svc-2")->pidfile, "/run/%i.pid");
}
END_TEST

START_TEST(test_services_decide_keys)
{
	/* SERVICES applies first, wherever it is in the file. */
	assert_ok("SCALIX_SCRIPT=/opt/scalix/init\nSERVICES=scalix\n");
	ck_assert_uint_eq(s.nsvc, 1);
	ck_assert_str_eq(s.svc[0].script, "/opt/scalix/init");
	ck_assert_str_eq(s.svc[0].argv[SS_STOP][0], "/opt/scalix/init");

	/* The keys of a sub-service not in SERVICES are unknown: ignored. */
	assert_ok("SERVICES=scalix\nSCALIX_TOMCAT_PIDFILE=relative\nSCALIX_POSTGRES_"
		  "START=x\n");
	ck_assert_uint_eq(s.nsvc, 1);
	assert_err("SCALIX_TOMCAT_PIDFILE=relative\n",
		   CONF ":1: SCALIX_TOMCAT_PIDFILE: must be an absolute path");
}
END_TEST

START_TEST(test_services_errors)
{
	assert_err("SERVICES=", CONF ":1: SERVICES: no sub-service named");
	assert_err("SERVICES='  '", CONF ":1: SERVICES: no sub-service named");
	assert_err("\nSERVICES='scalix scalix'",
		   CONF ":2: SERVICES: a sub-service is named twice");
	assert_err("SERVICES='scalix sc/alix'", CONF
		   ":1: SERVICES: sub-service names are letters, digits, '-' and '_'");
	assert_err("SERVICES='a b c d e f g h i'",
		   CONF ":1: SERVICES: at most 8 sub-services of at most 31 characters");
	assert_err("SERVICES=abcdefghijabcdefghijabcdefghij12",
		   CONF ":1: SERVICES: at most 8 sub-services of at most 31 characters");
	assert_ok("SERVICES='a b c d e f g h'");
	ck_assert_uint_eq(s.nsvc, 8);
	assert_ok("SERVICES=abcdefghijabcdefghijabcdefghij1");
	ck_assert_str_eq(s.svc[0].name, "abcdefghijabcdefghijabcdefghij1");
}
END_TEST

START_TEST(test_pidfile_prefix)
{
	assert_ok("SCALIX_TOMCAT_PIDFILE=/a/%a/t.pid\nSCALIX_PIDFILE=/b/%i.pid\n");
	ck_assert_str_eq(svc("scalix-tomcat")->pidfile, "/a/%a/t.pid");
	ck_assert_str_eq(svc("scalix")->pidfile, "/b/%i.pid");
	ck_assert_str_eq(svc("scalix-postgres")->pidfile,
			 "/var/opt/scalix/%a/postgres/data/postmaster.pid");

	/* The same, with "scalix" listed before "scalix-tomcat". */
	assert_ok("SERVICES='scalix scalix-tomcat'\nSCALIX_PIDFILE=/b/%i.pid\n"
		  "SCALIX_TOMCAT_PIDFILE=/a/%a/t.pid\n");
	ck_assert_str_eq(svc("scalix-tomcat")->pidfile, "/a/%a/t.pid");
	ck_assert_str_eq(svc("scalix")->pidfile, "/b/%i.pid");

	/* Names that are prefixes of one another, with verb-like words. */
	assert_ok("SERVICES='a a-start'\nA_START=/bin/one\nA_START_START=/bin/two\n");
	ck_assert_str_eq(svc("a")->argv[SS_START][0], "/bin/one");
	ck_assert_str_eq(svc("a-start")->argv[SS_START][0], "/bin/two");
	ck_assert_str_eq(svc("a-start")->argv[SS_STOP][0], "/etc/rc.d/init.d/a-start");
}
END_TEST

START_TEST(test_pidfile_disable)
{
	assert_ok("SCALIX_POSTGRES_PIDFILE=\nSCALIX_TOMCAT_PIDFILE=''\n");
	ck_assert_ptr_null(svc("scalix-postgres")->pidfile);
	ck_assert_ptr_null(svc("scalix-tomcat")->pidfile);
	assert_err("SCALIX_PIDFILE=var/run/x.pid",
		   CONF ":1: SCALIX_PIDFILE: must be an absolute path");
	assert_err("SCALIX_PIDFILE=/var/run/%z.pid", CONF
		   ":1: SCALIX_PIDFILE: unknown template escape (use %i, %a, %d or %%)");
}
END_TEST

/* The variable through which a stop command gets the checked PID. */
START_TEST(test_stop_pidenv)
{
	assert_ok("");
	ck_assert_str_eq(svc("scalix-tomcat")->stop_pidenv, "CATALINA_PID");
	ck_assert_ptr_null(svc("scalix-postgres")->stop_pidenv);
	ck_assert_ptr_null(svc("scalix")->stop_pidenv);
	assert_ok("SCALIX_TOMCAT_STOP_PIDENV=\nSCALIX_STOP_PIDENV=OM_PID_FILE\n");
	ck_assert_ptr_null(svc("scalix-tomcat")->stop_pidenv);
	ck_assert_str_eq(svc("scalix")->stop_pidenv, "OM_PID_FILE");
	/* Not S_STOP with a stray suffix: its own key. */
	ck_assert_str_eq(svc("scalix")->argv[SS_STOP][0], "/etc/rc.d/init.d/scalix");
	assert_err("SCALIX_TOMCAT_STOP_PIDENV='CATALINA PID'",
		   CONF ":1: SCALIX_TOMCAT_STOP_PIDENV: expected an environment variable "
			"name");
	assert_err("SCALIX_TOMCAT_STOP_PIDENV=1PID",
		   CONF ":1: SCALIX_TOMCAT_STOP_PIDENV: expected an environment variable "
			"name");
}
END_TEST

START_TEST(test_commands)
{
	static const char *const start[] = { "/opt/scalix/bin/omrc", "-n", "%i", NULL };
	static const char *const stop[] = { "/usr/local/scalix", "stop", "%i", NULL };
	static const char *const status[] = { "/bin/x", "a", "b", "--dir=%d", NULL };

	assert_ok("SCALIX_START='/opt/scalix/bin/omrc -n %i'\n"
		  "SCALIX_SCRIPT=/usr/local/scalix\n"
		  "SCALIX_STATUS=\"  /bin/x   a\tb  --dir=%d \"\n");
	assert_words(svc("scalix")->argv[SS_START], start);
	/* The default commands use the configured script. */
	assert_words(svc("scalix")->argv[SS_STOP], stop);
	assert_words(svc("scalix")->argv[SS_STATUS], status);
	ck_assert_str_eq(svc("scalix")->script, "/usr/local/scalix");

	assert_err("SCALIX_START=omrc",
		   CONF ":1: SCALIX_START: the command must be an absolute path");
	assert_err("SCALIX_STOP=", CONF ":1: SCALIX_STOP: empty command");
	assert_err("SCALIX_TOMCAT_STATUS='/bin/x %q'",
		   CONF ":1: SCALIX_TOMCAT_STATUS: unknown template escape (use %i, %a, "
			"%d or %%)");
	assert_err("SCALIX_SCRIPT=scalix",
		   CONF ":1: SCALIX_SCRIPT: must be an absolute path");
}
END_TEST

START_TEST(test_child_env)
{
	static const char *const env[] = { "JAVA_HOME=/usr/lib/jvm", "X=a=b",
					   "_y=", NULL };

	assert_ok("CHILD_ENV='JAVA_HOME=/usr/lib/jvm  X=a=b\t_y='");
	assert_words(s.child_env, env);
	assert_err("CHILD_ENV='A=1 B'", CONF ":1: CHILD_ENV: expected NAME=value words");
	assert_err("CHILD_ENV='=x'", CONF ":1: CHILD_ENV: expected NAME=value words");
	assert_err("CHILD_ENV=1A=x", CONF ":1: CHILD_ENV: invalid variable name");
	assert_err("CHILD_ENV=A-B=x", CONF ":1: CHILD_ENV: invalid variable name");
	assert_err("CHILD_ENV='A.B=x'", CONF ":1: CHILD_ENV: invalid variable name");
}
END_TEST

START_TEST(test_unknown_keys)
{
	assert_ok("FOO=bar\nSCALIX_FOO=1\nSCALIX_TOMCAT_START_X=1\nscalix_start=x\n");
	ck_assert_uint_eq(s.nsvc, 3);
	ck_assert_str_eq(svc("scalix")->argv[SS_START][0], "/etc/rc.d/init.d/scalix");
}
END_TEST

START_TEST(test_shutdown_port_base)
{
	static const char *const bad[] = {
		"0", "65001", "abc", "", "-5", "8005x", "99999999999999999999"
	};
	const char *want =
		CONF ":1: SHUTDOWN_PORT_BASE: expected a port number from 1 to 65000";
	char line[64];
	size_t i;

	assert_ok("SHUTDOWN_PORT_BASE=9005");
	ck_assert_uint_eq(s.shutdown_port_base, 9005);
	assert_ok("SHUTDOWN_PORT_BASE=1");
	ck_assert_uint_eq(s.shutdown_port_base, 1);
	assert_ok("SHUTDOWN_PORT_BASE=65000");
	ck_assert_uint_eq(s.shutdown_port_base, 65000);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(line, sizeof line, "SHUTDOWN_PORT_BASE='%s'", bad[i]);
		assert_err(line, want);
	}
}
END_TEST

START_TEST(test_admin_instance)
{
	assert_ok("ADMIN_INSTANCE=mail1");
	ck_assert_str_eq(s.admin_instance, "mail1");
	assert_ok("ADMIN_INSTANCE=mail1\nADMIN_INSTANCE=");
	ck_assert_ptr_null(s.admin_instance);
	assert_err("ADMIN_INSTANCE=-mail1",
		   CONF ":1: ADMIN_INSTANCE: invalid instance name");
	assert_err("ADMIN_INSTANCE='mail 1'",
		   CONF ":1: ADMIN_INSTANCE: invalid instance name");
	assert_err("ADMIN_INSTANCE=m.1",
		   CONF ":1: ADMIN_INSTANCE: invalid instance name");
}
END_TEST

START_TEST(test_first_error_only)
{
	assert_err("START_TIMEOUT=x\nSTOP_TIMEOUT=y\n",
		   CONF ":1: START_TIMEOUT: expected seconds, like 30 or 0.5");
	/* A bad SERVICES is reported before the lines above it. */
	assert_err("START_TIMEOUT=x\nSERVICES=\n",
		   CONF ":2: SERVICES: no sub-service named");
}
END_TEST

START_TEST(test_load)
{
	char dir[] = "/tmp/check_settings.XXXXXX", path[128];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/scalix-ha", dir);

	/* Absent: the defaults. */
	ck_assert_int_eq(settings_load(&s, path), 0);
	ck_assert_int_eq(s.start_timeout_ms, 60000);
	ck_assert_ptr_nonnull(s.svc[0].argv[SS_START]);
	settings_free(&s);

	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("# settings\nSTART_TIMEOUT=12\nSERVICES=scalix\n", f);
	fclose(f);
	ck_assert_int_eq(settings_load(&s, path), 0);
	ck_assert_int_eq(s.start_timeout_ms, 12000);
	ck_assert_uint_eq(s.nsvc, 1);
	settings_free(&s);

	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("START_TIMEOUT=x\n", f);
	fclose(f);
	ck_assert_int_eq(settings_load(&s, path), -1);
	settings_free(&s);

	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* Issue 13, case 7: a control character is an error where it is. */
START_TEST(test_control_bytes)
{
	static const char nul[] = "# c\nCHILD_ENV='A=1\0; rm -rf /'\n";
	static const char comment[] = "START_TIMEOUT=5\n# a \0 in a comment\n";
	char *err = NULL;

	settings_free(&s);
	ck_assert_int_eq(settings_parse(&s, CONF, nul, sizeof nul - 1, &err), -1);
	ck_assert_str_eq(err, CONF ":2: a NUL byte (the file is not text)");
	free(err);
	settings_free(&s);
	ck_assert_int_eq(settings_parse(&s, CONF, comment, sizeof comment - 1, &err), -1);
	ck_assert_str_eq(err, CONF ":2: a NUL byte (the file is not text)");
	free(err);
	assert_err("START_TIMEOUT=5\nCHILD_PATH=\"/bin\033[2J\"\n",
		   CONF ":2: a control character (only tab is allowed)");
	assert_err("START_TIMEOUT=5\rSTOP_TIMEOUT=9\n",
		   CONF ":1: a carriage return inside the line");
	/* CRLF line ends and tabs are text. */
	assert_ok("START_TIMEOUT=5\r\n\tSTOP_TIMEOUT=9\t# x\r\n");
}
END_TEST

/*
 * Issue 13, case 8: absent is the defaults; present but not readable as a
 * regular file (a directory, a FIFO, a device) is an error, at once.
 */
START_TEST(test_load_not_a_file)
{
	char dir[] = "/tmp/check_settings.XXXXXX", path[128];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(settings_load(&s, dir), -1);
	settings_free(&s);
	snprintf(path, sizeof path, "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	/* A blocking open would wait here for a writer (the test times out). */
	ck_assert_int_eq(settings_load(&s, path), -1);
	settings_free(&s);
	ck_assert_int_eq(settings_load(&s, "/dev/zero"), -1);
	settings_free(&s);
	ck_assert_int_eq(unlink(path), 0);
	/* Below a file, not a directory: not "absent". */
	ck_assert_int_eq(settings_load(&s, "/dev/null/scalix-ha"), -1);
	settings_free(&s);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(test_words_split)
{
	static const char *const none[] = { NULL };
	static const char *const three[] = { "a", "bb", "c", NULL };
	char **w;

	w = words_split("");
	assert_words(w, none);
	words_free(w);
	w = words_split(" \t ");
	assert_words(w, none);
	words_free(w);
	w = words_split("  a bb\t\tc ");
	assert_words(w, three);
	words_free(w);
	words_free(NULL);
}
END_TEST

START_TEST(test_subservice_key)
{
	char key[SUBSERVICE_NAME_MAX + 1];

	subservice_key("scalix-tomcat", key, sizeof key);
	ck_assert_str_eq(key, "SCALIX_TOMCAT");
	subservice_key("scalix", key, sizeof key);
	ck_assert_str_eq(key, "SCALIX");
	subservice_key("my_svc-2", key, sizeof key);
	ck_assert_str_eq(key, "MY_SVC_2");
	subservice_key("scalix-postgres", key, 7);
	ck_assert_str_eq(key, "SCALIX");
}
END_TEST

/* pkgdb_names lists exactly want. */
static void assert_packages(const char *const *want)
{
	struct pkg_info pk[PKGDB_QUERY_MAX];
	size_t n = pkgdb_names(&s, pk), i;

	for (i = 0; want[i]; i++) {
		ck_assert_msg(i < n, "package %zu missing (want [%s])", i, want[i]);
		ck_assert_str_eq(pk[i].name, want[i]);
	}
	ck_assert_uint_eq(n, i);
}

/* The known sub-services' packages, server first, then scalix-ha itself. */
START_TEST(test_packages)
{
	static const char *const defaults[] = { "scalix-server", "scalix-tomcat",
						"scalix-postgres", "scalix-ha", NULL };
	static const char *const renamed[] = { "acme-server", "acme-tomcat",
					       "scalix-postgres", "scalix-ha", NULL };

	assert_ok("");
	assert_packages(defaults);
	/* Each PKG_* key renames its row's package, whatever SERVICES says. */
	assert_ok("SERVICES=scalix\nPKG_TOMCAT=acme-tomcat\nPKG_SERVER=acme-server\n");
	assert_packages(renamed);
	assert_err("PKG_POSTGRES=", CONF ":1: PKG_POSTGRES: must not be empty");
}
END_TEST

static Suite *settings_suite(void)
{
	Suite *su = suite_create("settings");
	TCase *tc = tcase_create("settings");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_empty_file_default_commands);
	tcase_add_test(tc, test_timeouts);
	tcase_add_test(tc, test_bad_seconds);
	tcase_add_test(tc, test_line_numbers);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_services_reorder);
	tcase_add_test(tc, test_services_decide_keys);
	tcase_add_test(tc, test_services_errors);
	tcase_add_test(tc, test_pidfile_prefix);
	tcase_add_test(tc, test_pidfile_disable);
	tcase_add_test(tc, test_stop_pidenv);
	tcase_add_test(tc, test_commands);
	tcase_add_test(tc, test_child_env);
	tcase_add_test(tc, test_unknown_keys);
	tcase_add_test(tc, test_shutdown_port_base);
	tcase_add_test(tc, test_admin_instance);
	tcase_add_test(tc, test_first_error_only);
	tcase_add_test(tc, test_load);
	tcase_add_test(tc, test_packages);
	tcase_add_test(tc, test_control_bytes);
	tcase_add_test(tc, test_load_not_a_file);
	suite_add_tcase(su, tc);

	tc = tcase_create("words");
	tcase_add_test(tc, test_words_split);
	tcase_add_test(tc, test_subservice_key);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	SRunner *sr = srunner_create(settings_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
