/* SPDX-License-Identifier: MIT */
/* names.c: instance names, their az short form, host names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_compat.h"
#include "names.h"

START_TEST(test_name_valid)
{
	static const char *const good[] = {
		"mail1", "m",  "M",	  "7",	   "mail-1", "mail_1",
		"a-",	 "a_", "A-b_C-9", "0mail", "a--b",   "a__b",
	};
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(instance_name_valid(good[i]), "[%s] refused", good[i]);
}
END_TEST

START_TEST(test_name_invalid)
{
	static const char *const bad[] = {
		"",	  "-mail",  "_mail", "-",     "_",	"mail 1",
		"mail.1", "mail/1", "../m1", "mail$", "mail;",	"ma'il",
		"mail\n", "mäil",   " mail", "mail ", "mail=1", "mail%i",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!instance_name_valid(bad[i]), "[%s] accepted", bad[i]);
}
END_TEST

START_TEST(test_name_length)
{
	char name[INSTANCE_NAME_MAX + 2];

	ck_assert_int_eq(INSTANCE_NAME_MAX, 63);
	memset(name, 'a', INSTANCE_NAME_MAX);
	name[INSTANCE_NAME_MAX] = '\0';
	ck_assert(instance_name_valid(name));
	name[INSTANCE_NAME_MAX] = 'a';
	name[INSTANCE_NAME_MAX + 1] = '\0';
	ck_assert(!instance_name_valid(name));
}
END_TEST

START_TEST(test_az)
{
	char az[3];

	instance_az("mail1", az);
	ck_assert_str_eq(az, "m1");
	instance_az("mail2", az);
	ck_assert_str_eq(az, "m2");
	instance_az("m1", az);
	ck_assert_str_eq(az, "m1");
	instance_az("scalix-ha_X", az);
	ck_assert_str_eq(az, "sX");
	/* First and last are the same character. */
	instance_az("m", az);
	ck_assert_str_eq(az, "mm");
	memset(az, 'x', sizeof az);
	instance_az("", az);
	ck_assert_str_eq(az, "");
}
END_TEST

START_TEST(test_hostname_valid)
{
	static const char *const good[] = {
		"mail1",   "mail1.scalixdemo.com", "a",	     "a.b", "a-b.c-d", "A.B.C",
		"1.2.3.4", "x1-2y.example",	   "node-a",
	};
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(hostname_valid(good[i]), "[%s] refused", good[i]);
}
END_TEST

START_TEST(test_hostname_invalid)
{
	static const char *const bad[] = {
		"",	 ".",	 "a..b",  ".a",	 "a.",	"-a",	"a-",
		"a.-b",	 "a-.b", "a_b",	  "a b", "a/b", "a:80", "mail1.scalixdemo.com-",
		"ä.com", "a.b.", "$(id)",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!hostname_valid(bad[i]), "[%s] accepted", bad[i]);
}
END_TEST

START_TEST(test_hostname_lengths)
{
	char host[300];
	size_t i;

	/* A label holds at most 63 characters. */
	memset(host, 'a', 63);
	strcpy(host + 63, ".com");
	ck_assert(hostname_valid(host));
	memset(host, 'a', 64);
	strcpy(host + 64, ".com");
	ck_assert(!hostname_valid(host));
	memset(host, 'a', 64);
	host[64] = '\0';
	ck_assert(!hostname_valid(host));

	/* The whole name at most 253: 63.63.63.61 = 253, one more is too long. */
	for (i = 0; i < 253; i++)
		host[i] = i % 64 == 63 ? '.' : 'b';
	host[253] = '\0';
	ck_assert_uint_eq(strlen(host), 253);
	ck_assert(hostname_valid(host));
	host[253] = 'b';
	host[254] = '\0';
	ck_assert(!hostname_valid(host));
}
END_TEST

static Suite *names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("instance");

	tcase_add_test(tc, test_name_valid);
	tcase_add_test(tc, test_name_invalid);
	tcase_add_test(tc, test_name_length);
	tcase_add_test(tc, test_az);
	suite_add_tcase(s, tc);

	tc = tcase_create("host");
	tcase_add_test(tc, test_hostname_valid);
	tcase_add_test(tc, test_hostname_invalid);
	tcase_add_test(tc, test_hostname_lengths);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(names_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
