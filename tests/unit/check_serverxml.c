/* SPDX-License-Identifier: MIT */
/* serverxml.c: the <Server> port of server.xml, read and edited in place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_compat.h"
#include "serverxml.h"

/* buf's port reads as want, and setting 9123 changes exactly its digits:
 * those of the last port="want" in buf, the real root's in these tests. */
static void assert_edit(const char *buf, long want)
{
	const char *err = NULL;
	size_t len = strlen(buf), outlen;
	char *out, *expect, needle[32];
	const char *at = NULL, *p;

	ck_assert_msg(serverxml_port(buf, len, &err) == want, "[%s]: %s", buf,
		      err ? err : "another port");
	out = serverxml_set_port(buf, len, 9123, &outlen, &err);
	ck_assert_msg(out != NULL, "[%s] not edited: %s", buf, err);
	ck_assert_int_eq(serverxml_port(out, outlen, &err), 9123);
	/* The one place changed is the real root's value. */
	snprintf(needle, sizeof needle, "port=\"%ld\"", want);
	for (p = buf; (p = strstr(p, needle)); p++)
		at = p + strlen("port=\"");
	ck_assert_ptr_nonnull(at);
	if (!at) /* for cppcheck, which does not know the assertion ends the test */
		return;
	ck_assert_int_ge(asprintf(&expect, "%.*s9123%s", (int)(at - buf), buf,
				  at + strlen(needle) - strlen("port=\"\"")),
			 0);
	ck_assert_str_eq(out, expect);
	free(expect);
	free(out);
}

/* buf is refused by both the reader and the writer, with why. */
static void assert_refused(const char *buf, const char *why)
{
	const char *err = NULL;
	size_t outlen;

	ck_assert_msg(serverxml_port(buf, strlen(buf), &err) == -1, "[%s] read", buf);
	ck_assert_msg(strstr(err, why), "[%s]: %s, not %s", buf, err, why);
	err = NULL;
	ck_assert_ptr_null(serverxml_set_port(buf, strlen(buf), 9123, &outlen, &err));
	ck_assert_msg(strstr(err, why), "[%s]: %s, not %s", buf, err, why);
}

START_TEST(test_plain)
{
	assert_edit("<Server port=\"8005\" shutdown=\"SHUTDOWN\"/>", 8005);
	assert_edit("<?xml version='1.0'?>\n<!-- <Server port=\"1\"> -->\n"
		    "<Server port=\"8006\">\n<Service name='x'/>\n</Server>\n",
		    8006);
}
END_TEST

START_TEST(test_missing_port)
{
	const char *err = NULL;
	size_t outlen;
	char *out;

	ck_assert_int_eq(serverxml_port("<Server/>", 9, &err),
			 TOMCAT_DEFAULT_SHUTDOWN_PORT);
	out = serverxml_set_port("<Server/>", 9, 8006, &outlen, &err);
	ck_assert_str_eq(out, "<Server port=\"8006\"/>");
	free(out);
}
END_TEST

/*
 * Issue 13, case 6: look-alikes inside the DTD (quoted literals, comments,
 * PIs, the external ID) are not the root; the scanner used to count the
 * ']' and '>' in a literal and edit the one inside the entity.
 */
START_TEST(test_doctype_look_alikes)
{
	static const char *const docs[] = {
		"<?xml version=\"1.0\"?>\n<!DOCTYPE Server [\n"
		"<!ENTITY note \"]> <Server port='8005'>\">\n]>\n"
		"<Server port=\"8005\" shutdown=\"SHUTDOWN\">\n</Server>\n",
		"<!DOCTYPE Server [<!ENTITY note ']> <Server port=\"8005\">'>]>"
		"<Server port=\"8005\"/>",
		"<!DOCTYPE Server [<!-- ]> <Server port=\"8005\"> -->]>"
		"<Server port=\"8005\"/>",
		"<!DOCTYPE Server [<?pi ]> <Server port=\"8005\"> ?>]>"
		"<Server port=\"8005\"/>",
		"<!DOCTYPE Server [<!ATTLIST Server x CDATA \"]>\">]>"
		"<Server port=\"8005\"/>",
		"<!DOCTYPE Server SYSTEM \"x]><Server port='8005'>\">"
		"<Server port=\"8005\"/>",
		"<!DOCTYPE Server PUBLIC \"-//x//\" 'y>' [ <!ENTITY % p \"<!ENTITY q "
		"'>'>\">"
		" %p; ]>\n<Server\n port=\"8005\"\n/>",
	};
	size_t i;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++)
		assert_edit(docs[i], 8005);
}
END_TEST

START_TEST(test_refused)
{
	/* What libxml2 refuses: CDATA or a conditional section in the subset. */
	assert_refused("<!DOCTYPE Server [<![CDATA[ ]]> ]><Server port=\"8005\"/>",
		       "not well-formed");
	assert_refused("<!DOCTYPE Server [<![INCLUDE[ ]]> ]><Server port=\"8005\"/>",
		       "not well-formed");
	assert_refused("<Server port=\"8005\"><Service>\n", "not well-formed");
	/* A port from the DTD or an entity: the bytes are not the value. */
	assert_refused(
		"<!DOCTYPE Server [<!ATTLIST Server port CDATA \"9000\">]><Server/>",
		"not understood");
	assert_refused("<!DOCTYPE Server [<!ENTITY p \"8005\">]><Server port=\"&p;\"/>",
		       "not understood");
	assert_refused("<Server port=\"80&#48;5\"/>", "not understood");
	/* Not a <Server> root. */
	assert_refused("<Servers port=\"8005\"/>", "not <Server>");
	assert_refused("<x:Server xmlns:x=\"u\" port=\"8005\"/>", "not <Server>");
	assert_refused("<Server xmlns=\"u\" port=\"8005\"/>", "not <Server>");
	assert_refused("<Server port=\"x\"/>", "not a number");
}
END_TEST

static Suite *serverxml_suite(void)
{
	Suite *s = suite_create("serverxml");
	TCase *tc = tcase_create("port");

	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_missing_port);
	tcase_add_test(tc, test_doctype_look_alikes);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(serverxml_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
