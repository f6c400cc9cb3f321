/* SPDX-License-Identifier: MIT */
/* pathtmpl.c: %i %a %d templates and --root relocation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_compat.h"
#include "pathtmpl.h"

static const struct tmpl_vars vars = { "mail1", "m1", "/var/opt/scalix/m1/s" };

/* Expand a heap copy, so that a read past its end is seen under ASan. */
static char *expand(const char *tmpl, const struct tmpl_vars *v)
{
	char *copy = strdup(tmpl), *out;

	ck_assert_ptr_nonnull(copy);
	out = tmpl_expand(copy, v);
	free(copy);
	return out;
}

static void assert_expands(const char *tmpl, const char *want)
{
	char *got = expand(tmpl, &vars);

	ck_assert_msg(got != NULL, "[%s] not expanded", tmpl);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_check_valid)
{
	static const char *const good[] = {
		"",
		"/plain/path",
		"%i",
		"%a",
		"%d",
		"%%",
		"/var/opt/scalix/%a",
		"%i%a%d%%",
		"100%%",
		"%%%%",
		"%%i",
		"a%%%i",
	};
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(tmpl_check(good[i]) == NULL, "[%s]: %s", good[i],
			      tmpl_check(good[i]));
}
END_TEST

START_TEST(test_check_invalid)
{
	static const char *const bad[] = {
		"%", "/a/%", "%x", "%I", "%s", "/a/%b/c", "%%%", "% i", "%i%",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(tmpl_check(bad[i]) != NULL, "[%s] accepted", bad[i]);
	ck_assert_ptr_nonnull(strstr(tmpl_check("/a/%"), "lone"));
	ck_assert_ptr_nonnull(strstr(tmpl_check("%x"), "unknown"));
}
END_TEST

START_TEST(test_expand)
{
	assert_expands("", "");
	assert_expands("/etc/x", "/etc/x");
	assert_expands("%i", "mail1");
	assert_expands("%a", "m1");
	assert_expands("%d", "/var/opt/scalix/m1/s");
	assert_expands("/var/opt/scalix/%a/tomcat/tomcat.pid",
		       "/var/opt/scalix/m1/tomcat/tomcat.pid");
	assert_expands("%i-%a:%d", "mail1-m1:/var/opt/scalix/m1/s");
	assert_expands("%i%i%i", "mail1mail1mail1");
	assert_expands("%%i", "%i");
	assert_expands("a%%%i", "a%mail1");
	assert_expands("%%/x", "%/x");
}
END_TEST

/* A template that ends in "%%": the sizing pass must stop at its end. */
START_TEST(test_expand_trailing_percent_percent)
{
	assert_expands("100%%", "100%");
	assert_expands("%a%%", "m1%");
	assert_expands("%%", "%");
	assert_expands("%%%%", "%%");
}
END_TEST

START_TEST(test_expand_invalid)
{
	ck_assert_ptr_null(expand("%", &vars));
	ck_assert_ptr_null(expand("/a/%", &vars));
	ck_assert_ptr_null(expand("%x", &vars));
	ck_assert_ptr_null(expand("%i%q", &vars));
}
END_TEST

START_TEST(test_expand_null_vars)
{
	const struct tmpl_vars none = { NULL, NULL, NULL };
	char *got = expand("[%i|%a|%d]", &none);

	ck_assert_str_eq(got, "[||]");
	free(got);
}
END_TEST

START_TEST(test_expand_long_values)
{
	char big[5000], want[20100];
	struct tmpl_vars v;
	char *got;

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	v = (struct tmpl_vars){ big, "az", big };
	got = expand("%i/%a/%d/%i/%d", &v);
	snprintf(want, sizeof want, "%s/az/%s/%s/%s", big, big, big, big);
	ck_assert_str_eq(got, want);
	free(got);
}
END_TEST

static void assert_in_root(const char *root, const char *abs, const char *want)
{
	char *got = path_in_root(root, abs);

	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strcmp(got, want) == 0, "root [%s] path [%s]: [%s], want [%s]",
		      root ? root : "(null)", abs, got, want);
	free(got);
}

START_TEST(test_path_in_root)
{
	assert_in_root(NULL, "/etc/x", "/etc/x");
	assert_in_root("/", "/etc/x", "/etc/x");
	assert_in_root("/tmp/r", "/etc/x", "/tmp/r/etc/x");
	assert_in_root("/tmp/r/", "/etc/x", "/tmp/r/etc/x");
	assert_in_root("/tmp/r///", "/etc/x", "/tmp/r/etc/x");
	assert_in_root("/tmp/r", "/", "/tmp/r/");
	/* A relative path is not relocated. */
	assert_in_root("/tmp/r", "etc/x", "etc/x");
	assert_in_root("/tmp/r", "", "");
}
END_TEST

START_TEST(test_tmpl_path)
{
	char *got;

	got = tmpl_path("/tmp/r/", "/var/opt/scalix/%a", &vars);
	ck_assert_str_eq(got, "/tmp/r/var/opt/scalix/m1");
	free(got);
	got = tmpl_path(NULL, "/var/opt/scalix/%a", &vars);
	ck_assert_str_eq(got, "/var/opt/scalix/m1");
	free(got);
	got = tmpl_path("/", "%d/x", &vars);
	ck_assert_str_eq(got, "/var/opt/scalix/m1/s/x");
	free(got);
	got = tmpl_path("/root", "%d", &vars);
	ck_assert_str_eq(got, "/root/var/opt/scalix/m1/s");
	free(got);
	ck_assert_ptr_null(tmpl_path("/tmp/r", "/var/%z", &vars));
}
END_TEST

static Suite *pathtmpl_suite(void)
{
	Suite *s = suite_create("pathtmpl");
	TCase *tc = tcase_create("template");

	tcase_add_test(tc, test_check_valid);
	tcase_add_test(tc, test_check_invalid);
	tcase_add_test(tc, test_expand);
	tcase_add_test(tc, test_expand_trailing_percent_percent);
	tcase_add_test(tc, test_expand_invalid);
	tcase_add_test(tc, test_expand_null_vars);
	tcase_add_test(tc, test_expand_long_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("root");
	tcase_add_test(tc, test_path_in_root);
	tcase_add_test(tc, test_tmpl_path);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pathtmpl_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
