/* SPDX-License-Identifier: MIT */
/* lvmconf.c: the few lvm.conf values check reads. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_compat.h"
#include "lvmconf.h"

static const char conf[] = "# system_id_source = \"lvmlocal\"   (a comment)\n"
			   "config {\n\tchecks = 1\n}\n"
			   "global {\n"
			   "\tlocking_type = 3\n"
			   "\tsystem_id_source = \"uname\"  # the node name\n"
			   "\tumask=077\n"
			   "}\n"
			   "activation {\n"
			   "\tvolume_list = [ \"rootvg\", \"@nodea\" ]\n"
			   "\tauto_activation_volume_list = [\n"
			   "\t\t\"rootvg\",  # local\n"
			   "\t\t\"vgdata/lv1\"\n"
			   "\t]\n"
			   "\tdescription = \"a [ \\\"quoted\\\" ] text\"\n"
			   "}\n";

static void assert_value(const char *key, const char *want)
{
	char *got = lvmconf_get(conf, key);

	if (!want) {
		ck_assert_msg(got == NULL, "%s: got '%s', want none", key, got);
		return;
	}
	ck_assert_msg(got && strcmp(got, want) == 0, "%s: got '%s', want '%s'", key,
		      got ? got : "(none)", want);
	free(got);
}

START_TEST(test_get)
{
	assert_value("locking_type", "3");
	assert_value("system_id_source", "uname");
	assert_value("umask", "077");
	assert_value("volume_list", "rootvg @nodea");
	assert_value("auto_activation_volume_list", "rootvg vgdata/lv1");
	assert_value("description", "a [ \"quoted\" ] text");
	assert_value("system_id_file", NULL);
	/* Only whole words: "type" is no key here, "checks" is. */
	assert_value("type", NULL);
	assert_value("checks", "1");
	ck_assert_ptr_null(lvmconf_get("", "locking_type"));
	ck_assert_ptr_null(lvmconf_get("locking_type", "locking_type"));
	ck_assert_ptr_null(lvmconf_get("\"locking_type = 3\"", "locking_type"));
}
END_TEST

START_TEST(test_lists_vg)
{
	ck_assert(lvmconf_lists_vg("rootvg vgdata/lv1", "rootvg"));
	ck_assert(lvmconf_lists_vg("rootvg vgdata/lv1", "vgdata"));
	ck_assert(!lvmconf_lists_vg("rootvg vgdata/lv1", "vgdat"));
	ck_assert(!lvmconf_lists_vg("rootvg vgdata/lv1", "vg"));
	ck_assert(!lvmconf_lists_vg("@nodea", "nodea"));
	ck_assert(!lvmconf_lists_vg("", "rootvg"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lvmconf");
	TCase *tc = tcase_create("lvmconf");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_get);
	tcase_add_test(tc, test_lists_vg);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
