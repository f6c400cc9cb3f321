/* SPDX-License-Identifier: MIT */
/* mountinfo.c: one line of /proc/PID/mountinfo. */
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "check_compat.h"
#include "mountinfo.h"

START_TEST(test_parse_plain)
{
	char line[] = "36 35 98:0 / /var/opt/scalix/m1 rw,noatime shared:7 master:1 "
		      "- ext4 /dev/vg/m1 rw\n";
	struct mount_line m;

	ck_assert(mountinfo_parse(line, &m));
	ck_assert(m.dev == makedev(98, 0));
	ck_assert_str_eq(m.root, "/");
	ck_assert_str_eq(m.point, "/var/opt/scalix/m1");
	ck_assert_str_eq(m.tags, "shared:7 master:1");
	ck_assert_uint_eq(mountinfo_shared(m.tags), 7);
	ck_assert(mountinfo_tag(m.tags, "master", 1));
	ck_assert(mountinfo_tag(m.tags, "shared", 7));
	ck_assert(!mountinfo_tag(m.tags, "shared", 1));
	ck_assert(!mountinfo_tag(m.tags, "master", 7));
}
END_TEST

START_TEST(test_parse_escaped_untagged)
{
	char line[] = "40 36 0:52 /sub\\040dir /mnt/a\\040b\\134c rw - tmpfs x rw\n";
	char shared17[] = "shared:17";
	struct mount_line m;

	ck_assert(mountinfo_parse(line, &m));
	ck_assert(m.dev == makedev(0, 52));
	ck_assert_str_eq(m.root, "/sub dir");
	ck_assert_str_eq(m.point, "/mnt/a b\\c");
	ck_assert_str_eq(m.tags, "");
	ck_assert_uint_eq(mountinfo_shared(m.tags), 0);
	/* A longer group number is another group. */
	ck_assert(!mountinfo_tag(shared17, "shared", 1));
	ck_assert_uint_eq(mountinfo_shared(shared17), 17);
}
END_TEST

START_TEST(test_parse_bad)
{
	char short_line[] = "36 35 98:0 /\n";
	char bad_dev[] = "36 35 x / /mnt rw - ext4 /dev/x rw\n";
	struct mount_line m;

	ck_assert(!mountinfo_parse(short_line, &m));
	ck_assert(!mountinfo_parse(bad_dev, &m));
}
END_TEST

START_TEST(test_dev)
{
	dev_t dev;

	ck_assert(mountinfo_dev("fd:01 1234 /x", 16, &dev));
	ck_assert(dev == makedev(0xfd, 1));
	ck_assert(mountinfo_dev("8:17", 10, &dev));
	ck_assert(dev == makedev(8, 17));
	ck_assert(!mountinfo_dev("8", 10, &dev));
	ck_assert(!mountinfo_dev(":1", 10, &dev));
	ck_assert(!mountinfo_dev("8:x", 10, &dev));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mountinfo");
	TCase *tc = tcase_create("parse");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_parse_plain);
	tcase_add_test(tc, test_parse_escaped_untagged);
	tcase_add_test(tc, test_parse_bad);
	tcase_add_test(tc, test_dev);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
