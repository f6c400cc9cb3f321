/* SPDX-License-Identifier: MIT */
/* storage.c and fileread.c: the storage walk and the bounded reader. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "check_compat.h"
#include "clock.h"
#include "fileread.h"
#include "log.h"
#include "storage.h"

static char tmp[64];
static char mnt[128];	  /* the instance's mount point */
static char outside[128]; /* a directory of root's, elsewhere */

static void setup(void)
{
	strcpy(tmp, "/tmp/check_storage.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(mnt, sizeof mnt, "%s/m1", tmp);
	snprintf(outside, sizeof outside, "%s/etc", tmp);
	ck_assert_int_eq(mkdir(mnt, 0755), 0);
	ck_assert_int_eq(mkdir(outside, 0755), 0);
}

static void teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmp);
}

static const char *at(const char *base, const char *rel)
{
	static char buf[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", base, rel);
	return buf[k];
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* tomcat/conf/server.xml below the mount point, a look-alike outside. */
static void layout(void)
{
	ck_assert_int_eq(mkdir(at(mnt, "tomcat"), 0755), 0);
	ck_assert_int_eq(mkdir(at(mnt, "tomcat/conf"), 0755), 0);
	put(at(mnt, "tomcat/conf/server.xml"), "ours\n");
	put(at(outside, "server.xml"), "root's\n");
	ck_assert_int_eq(mkdir(at(outside, "conf"), 0755), 0);
	put(at(outside, "conf/server.xml"), "root's\n");
}

static char *read_rel(const char *rel, size_t max, bool prefix, char *why, size_t whylen)
{
	size_t len;

	return storage_read_path(mnt, at(mnt, rel), max, prefix, &len, why, whylen);
}

START_TEST(test_plain_walk)
{
	char why[512], *buf;

	layout();
	buf = read_rel("tomcat/conf/server.xml", 64, false, why, sizeof why);
	ck_assert_ptr_nonnull(buf);
	ck_assert_str_eq(buf, "ours\n");
	free(buf);
	/* Absent is ENOENT, so callers can tell it from a refusal. */
	ck_assert_ptr_null(read_rel("tomcat/conf/none.xml", 64, false, why, sizeof why));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(
		read_rel("tomcat/none/server.xml", 64, false, why, sizeof why));
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* A symbolic link at each depth is refused, and the error names it. */
START_TEST(test_symlink_each_depth)
{
	static const char *const depths[] = { "tomcat", "tomcat/conf",
					      "tomcat/conf/server.xml" };
	char why[512], moved[512];
	size_t d;

	layout();
	for (d = 0; d < 3; d++) {
		/* Followed, each would lead to a readable server.xml of root's. */
		const char *target = d == 2 ? at(outside, "server.xml") : outside;

		snprintf(moved, sizeof moved, "%s.real", at(mnt, depths[d]));
		ck_assert_int_eq(rename(at(mnt, depths[d]), moved), 0);
		ck_assert_int_eq(symlink(target, at(mnt, depths[d])), 0);
		why[0] = '\0';
		ck_assert_ptr_null(
			read_rel("tomcat/conf/server.xml", 64, false, why, sizeof why));
		ck_assert_int_eq(errno, ELOOP);
		ck_assert_msg(strstr(why, at(mnt, depths[d])) &&
				      strstr(why, "is a symbolic link"),
			      "depth %zu: %s", d, why);
		ck_assert_int_eq(unlink(at(mnt, depths[d])), 0);
		ck_assert_int_eq(rename(moved, at(mnt, depths[d])), 0);
	}
}
END_TEST

START_TEST(test_dotdot_refused)
{
	char why[512];
	size_t len;

	layout();
	ck_assert_ptr_null(storage_read_path(mnt, at(mnt, "tomcat/../../etc/server.xml"),
					     64, false, &len, why, sizeof why));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "not a plain name"));
}
END_TEST

/* Not a regular file: an error at once, never a wait for a writer. */
START_TEST(test_fifo_and_dir)
{
	char why[512];
	int64_t t0;

	layout();
	ck_assert_int_eq(unlink(at(mnt, "tomcat/conf/server.xml")), 0);
	ck_assert_int_eq(mkfifo(at(mnt, "tomcat/conf/server.xml"), 0644), 0);
	t0 = now_ms();
	ck_assert_ptr_null(
		read_rel("tomcat/conf/server.xml", 64, false, why, sizeof why));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_lt(now_ms() - t0, 1000);
	ck_assert_ptr_nonnull(strstr(why, "server.xml: not a regular file"));
	ck_assert_int_eq(unlink(at(mnt, "tomcat/conf/server.xml")), 0);
	ck_assert_int_eq(mkdir(at(mnt, "tomcat/conf/server.xml"), 0755), 0);
	ck_assert_ptr_null(
		read_rel("tomcat/conf/server.xml", 64, false, why, sizeof why));
	ck_assert_int_eq(errno, EISDIR);
}
END_TEST

/* More than the cap: an error, or with prefix the first bytes only. */
START_TEST(test_size_cap)
{
	char why[512], big[200], *buf;
	size_t len;

	layout();
	memset(big, '7', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	put(at(mnt, "tomcat/tomcat.pid"), big);
	ck_assert_ptr_null(read_rel("tomcat/tomcat.pid", 64, false, why, sizeof why));
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_ptr_nonnull(strstr(why, "larger than 64 bytes"));
	buf = storage_read_path(mnt, at(mnt, "tomcat/tomcat.pid"), 64, true, &len, why,
				sizeof why);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(len, 64);
	ck_assert_uint_eq(strlen(buf), 64);
	free(buf);
	/* Exactly the cap is fine. */
	big[64] = '\0';
	put(at(mnt, "tomcat/tomcat.pid"), big);
	buf = read_rel("tomcat/tomcat.pid", 64, false, why, sizeof why);
	ck_assert_ptr_nonnull(buf);
	free(buf);
}
END_TEST

/* The generic reader: a device is refused before a byte is read. */
START_TEST(test_file_read_rules)
{
	size_t len;
	char *buf;

	ck_assert_ptr_null(file_read("/dev/zero", &len));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_str_eq(file_strerror(EINVAL), "not a regular file");
	ck_assert_ptr_null(file_read(tmp, &len));
	ck_assert_int_eq(errno, EISDIR);
	ck_assert_int_eq(mkfifo(at(tmp, "fifo"), 0600), 0);
	ck_assert_ptr_null(file_read(at(tmp, "fifo"), &len));
	ck_assert_int_eq(errno, EINVAL);
	/* Root's own files may be reached through links. */
	put(at(outside, "real"), "x");
	ck_assert_int_eq(symlink(at(outside, "real"), at(tmp, "link")), 0);
	buf = file_read(at(tmp, "link"), &len);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(len, 1);
	free(buf);
}
END_TEST

/* A path outside the mount point is root's: opened as given. */
START_TEST(test_outside_mount)
{
	char why[512], *buf;
	size_t len;

	layout();
	ck_assert_int_eq(symlink(outside, at(tmp, "etc-link")), 0);
	buf = storage_read_path(mnt, at(tmp, "etc-link/server.xml"), 64, false, &len, why,
				sizeof why);
	ck_assert_ptr_nonnull(buf);
	ck_assert_str_eq(buf, "root's\n");
	free(buf);
}
END_TEST

/* Swapped after the walk: the write and the unlink stay where the walk was. */
START_TEST(test_swap_after_walk)
{
	struct storage_file f;
	char why[512], *buf;
	size_t len;

	layout();
	ck_assert_int_eq(storage_reach(&f, mnt, at(mnt, "tomcat/conf/server.xml"), why,
				       sizeof why),
			 0);
	ck_assert_int_eq(rename(at(mnt, "tomcat/conf"), at(mnt, "tomcat/conf.real")), 0);
	ck_assert_int_eq(symlink(at(outside, "conf"), at(mnt, "tomcat/conf")), 0);
	ck_assert_int_eq(file_replace_at(f.dirfd, f.name, f.path, "new\n", 4, 0644, true),
			 0);
	buf = file_read(at(mnt, "tomcat/conf.real/server.xml"), &len);
	ck_assert_ptr_nonnull(buf);
	ck_assert_str_eq(buf, "new\n");
	free(buf);
	buf = file_read(at(mnt, "tomcat/conf.real/server.xml" BACKUP_SUFFIX), &len);
	ck_assert_ptr_nonnull(buf);
	ck_assert_str_eq(buf, "ours\n");
	free(buf);
	buf = file_read(at(outside, "conf/server.xml"), &len);
	ck_assert_str_eq(buf, "root's\n");
	free(buf);
	ck_assert_int_eq(access(at(outside, "conf/server.xml" BACKUP_SUFFIX), F_OK), -1);
	ck_assert_int_eq(storage_unlink(&f), 0);
	ck_assert_int_eq(access(at(mnt, "tomcat/conf.real/server.xml"), F_OK), -1);
	ck_assert_int_eq(access(at(outside, "conf/server.xml"), F_OK), 0);
	storage_release(&f);
	/* A new walk refuses the link. */
	ck_assert_int_eq(storage_reach(&f, mnt, at(mnt, "tomcat/conf/server.xml"), why,
				       sizeof why),
			 -1);
	ck_assert_int_eq(errno, ELOOP);
}
END_TEST

/* The writer refuses what is not a regular file at the name. */
START_TEST(test_replace_refuses_link)
{
	struct storage_file f;
	char why[512];

	layout();
	ck_assert_int_eq(unlink(at(mnt, "tomcat/conf/server.xml")), 0);
	ck_assert_int_eq(
		symlink(at(outside, "server.xml"), at(mnt, "tomcat/conf/server.xml")), 0);
	ck_assert_int_eq(storage_reach(&f, mnt, at(mnt, "tomcat/conf/server.xml"), why,
				       sizeof why),
			 0);
	ck_assert_int_eq(file_replace_at(f.dirfd, f.name, f.path, "x", 1, 0644, true),
			 -1);
	ck_assert_int_eq(errno, EEXIST);
	storage_release(&f);
}
END_TEST

static Suite *storage_suite(void)
{
	Suite *s = suite_create("storage");
	TCase *tc = tcase_create("walk");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_plain_walk);
	tcase_add_test(tc, test_symlink_each_depth);
	tcase_add_test(tc, test_dotdot_refused);
	tcase_add_test(tc, test_fifo_and_dir);
	tcase_add_test(tc, test_size_cap);
	tcase_add_test(tc, test_file_read_rules);
	tcase_add_test(tc, test_outside_mount);
	tcase_add_test(tc, test_swap_after_walk);
	tcase_add_test(tc, test_replace_refuses_link);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(storage_suite());
	int failed;

	log_init("check_storage", true);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
