/* SPDX-License-Identifier: MIT */
/* Readiness probes as the settings write them, and Tomcat's HTTP port. */
#include <stdlib.h>
#include <string.h>

#include "check_compat.h"
#include "readyspec.h"
#include "serverxml.h"
#include "settings.h"

START_TEST(test_parse_valid)
{
	struct ready_spec r;

	ck_assert_ptr_null(ready_parse("none", &r));
	ck_assert_int_eq(r.type, READY_NONE);
	ck_assert_ptr_null(ready_parse("", &r));
	ck_assert_int_eq(r.type, READY_NONE);
	ck_assert_ptr_null(ready_parse("tcp:%h:5733", &r));
	ck_assert_int_eq(r.type, READY_TCP);
	ck_assert_str_eq(r.host, "%h");
	ck_assert_uint_eq(r.port, 5733);
	ck_assert_ptr_null(ready_parse("http", &r));
	ck_assert_int_eq(r.type, READY_HTTP);
	ck_assert_str_eq(r.host, "%h");
	ck_assert_uint_eq(r.port, 0);
	ck_assert_ptr_null(ready_parse("http:%h", &r));
	ck_assert_uint_eq(r.port, 0);
	ck_assert_ptr_null(ready_parse("http:mail1.example.com:8081", &r));
	ck_assert_str_eq(r.host, "mail1.example.com");
	ck_assert_uint_eq(r.port, 8081);
	ck_assert_ptr_null(ready_parse("tcp:192.168.100.21:5733", &r));
	ck_assert_str_eq(r.host, "192.168.100.21");
	ck_assert_ptr_null(ready_parse("tcp:[2001:db8::21]:5733", &r));
	ck_assert_str_eq(r.host, "2001:db8::21");
	ck_assert_uint_eq(r.port, 5733);
}
END_TEST

START_TEST(test_parse_invalid)
{
	static const char *const bad[] = {
		"ftp:%h:21",	  "tcp:%h",	   "tcp:%h:0",	  "tcp:%h:65536",
		"tcp:%h:57x3",	  "http:%h:",	   "tcp::5733",	  "http:a b:80",
		"tcp:[::1:5733",  "tcp:[::1]5733", "tcp:%i:5733", "TCP:%h:5733",
		"http:$(x):8080", "tcp:%h:-1",
	};
	struct ready_spec r;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(ready_parse(bad[i], &r) != NULL, "%s accepted", bad[i]);
}
END_TEST

START_TEST(test_settings_key)
{
	static const char good[] = "SCALIX_TOMCAT_READY=http:%h:8081\n"
				   "SCALIX_READY=tcp:%h:25\n";
	struct settings s;
	char *err = NULL;

	/* The defaults: PostgreSQL and Tomcat probed, the daemons not. */
	ck_assert_int_eq(settings_defaults(&s), 0);
	ck_assert_str_eq(s.svc[0].ready, "tcp:%h:5733");
	ck_assert_ptr_null(s.svc[1].ready);
	ck_assert_str_eq(s.svc[2].ready, "http:%h");
	settings_free(&s);
	ck_assert_int_eq(settings_parse(&s, "f", good, strlen(good), &err), 0);
	ck_assert_str_eq(s.svc[2].ready, "http:%h:8081");
	ck_assert_str_eq(s.svc[1].ready, "tcp:%h:25");
	settings_free(&s);
	ck_assert_int_eq(
		settings_parse(&s, "f", "SCALIX_POSTGRES_READY=udp:%h:1\n", 31, &err),
		-1);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strncmp(err, "f:1: SCALIX_POSTGRES_READY: ", 28) == 0, "%s", err);
	free(err);
	settings_free(&s);
}
END_TEST

static long http_port(const char *xml, const char **err)
{
	return serverxml_http_port(xml, strlen(xml), err);
}

START_TEST(test_http_port)
{
	const char *err;

	ck_assert_int_eq(
		http_port("<Server port=\"8005\"><Service name=\"Catalina\">"
			  "<Connector port=\"8009\" protocol=\"AJP/1.3\"/>"
			  "<!-- <Connector port=\"9999\" protocol=\"HTTP/1.1\"/> -->"
			  "<Connector address=\"a\" port=\"8180\" protocol=\"HTTP/1.1\"/>"
			  "</Service></Server>",
			  &err),
		8180);
	ck_assert_int_eq(http_port("<Server><Service><Connector port=\"8081\"/>"
				   "</Service></Server>",
				   &err),
			 8081);
	ck_assert_int_eq(http_port("<Server><Service><Connector port=\"8443\" protocol="
				   "\"org.apache.coyote.http11.Http11NioProtocol\"/>"
				   "</Service></Server>",
				   &err),
			 8443);
	/* No HTTP connector: Tomcat's default. */
	ck_assert_int_eq(http_port("<Server><Service><Connector port=\"8009\" "
				   "protocol=\"AJP/1.3\"/></Service></Server>",
				   &err),
			 8080);
	ck_assert_int_eq(http_port("<Server><Service><Connector port=\"x\"/>"
				   "</Service></Server>",
				   &err),
			 -1);
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(http_port("<Server><Service>", &err), -1);
	ck_assert_str_eq(err, "not well-formed XML");
}
END_TEST

static Suite *readiness_suite(void)
{
	Suite *su = suite_create("readiness");
	TCase *tc = tcase_create("spec");

	tcase_add_test(tc, test_parse_valid);
	tcase_add_test(tc, test_parse_invalid);
	tcase_add_test(tc, test_settings_key);
	tcase_add_test(tc, test_http_port);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	SRunner *sr = srunner_create(readiness_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
