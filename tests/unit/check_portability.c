/* SPDX-License-Identifier: MIT */
/* The compatibility layer: compat.c's random bytes and kcmp, the dlopen tables'
 * optional symbols, rpmlib's addMacro/rpmPushMacro choice and the Check
 * macros of check_compat.h.  `make FLOOR=1` runs it on the fallbacks. */
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_compat.h"
#include "compat.h"
#include "dynlib.h"
#include "rpmlib.h"

START_TEST(test_random_bytes)
{
	unsigned char a[32], b[32];

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	ck_assert_int_eq(compat_random(a, sizeof a), 0);
	ck_assert_int_eq(compat_random(b, sizeof b), 0);
	/* Two equal 256-bit draws, or a buffer left as it was, mean no source. */
	ck_assert(memcmp(a, b, sizeof a) != 0);
	memset(b, 0, sizeof b);
	ck_assert(memcmp(a, b, sizeof a) != 0);
}
END_TEST

/* A process forked off has a descriptor table of its own: never "the same",
 * whether kcmp answers or not.  Without kcmp (FLOOR=1, as on 2.6.32) not even
 * a thread with itself is, so usage.c reads every thread's table. */
START_TEST(test_same_files)
{
	pid_t child = fork();
	bool there, back;
	int status;

	ck_assert_int_ge(child, 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	there = compat_same_files(getpid(), child);
	back = compat_same_files(child, getpid());
	kill(child, SIGKILL);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(!there && !back);
#ifdef SCALIX_HA_FLOOR
	ck_assert(!compat_same_files(getpid(), getpid()));
#endif
}
END_TEST

struct two {
	void *present, *absent;
};

START_TEST(test_optional_symbol)
{
	static const struct dynsym syms[] = {
		DYNSYM(two, present, "strlen"),
		DYNSYM_OPT(two, absent, "scalix_ha_no_such_symbol"),
	};
	static const struct dynlib_spec libs[] = { DYNLIB_SPEC("libc.so.6", syms) };
	struct dynlib_once once;
	struct two t = { NULL, &t };
	const char *err = NULL;

	memset(&once, 0, sizeof once);
	ck_assert_ptr_eq(dynlib_once(&once, libs, 1, &t, &err), &t);
	ck_assert_ptr_nonnull(t.present);
	ck_assert_ptr_null(t.absent);
	ck_assert_ptr_null(err);
}
END_TEST

START_TEST(test_required_symbol)
{
	static const struct dynsym syms[] = {
		DYNSYM(two, present, "strlen"),
		DYNSYM(two, absent, "scalix_ha_no_such_symbol"),
	};
	static const struct dynlib_spec libs[] = { DYNLIB_SPEC("libc.so.6", syms) };
	struct dynlib_once once;
	struct two t = { NULL, NULL };
	const char *err = NULL;

	memset(&once, 0, sizeof once);
	ck_assert_ptr_null(dynlib_once(&once, libs, 1, &t, &err));
	ck_assert_str_eq(err,
			 "unable to load libc.so.6: no symbol scalix_ha_no_such_symbol");
}
END_TEST

/* The macro call reaches librpmio under the name it exports: a macro set
 * through the table expands. */
START_TEST(test_rpm_macro_binding)
{
	const char *err = NULL;
	const struct rpmlib *r = rpmlib_get(&err);
	void *h;
	char *(*expand)(const char *, ...);
	char *got;

	ck_assert_msg(r != NULL, "%s", err ? err : "?");
#ifdef SCALIX_HA_FLOOR
	ck_assert_str_eq(rpmlib_macro_binding(), "addMacro");
#else
	ck_assert_ptr_nonnull(rpmlib_macro_binding());
#endif
	ck_assert_int_eq(
		r->push_macro(NULL, "_scalix_ha_probe", NULL, "bound", RMIL_CMDLINE), 0);
	h = dlopen(LIBRPMIO_SONAME, RTLD_NOW | RTLD_NOLOAD);
	ck_assert_ptr_nonnull(h);
	*(void **)&expand = dlsym(h, "rpmExpand");
	ck_assert_ptr_nonnull((void *)expand);
	got = expand("%{?_scalix_ha_probe}", (const char *)NULL);
	ck_assert_str_eq(got, "bound");
	free(got);
	dlclose(h);
}
END_TEST

/* Each argument is read once, also by check_compat.h's definitions. */
START_TEST(test_check_macros_evaluate_once)
{
	int n = 0;
	unsigned u = 0;
	const char *s[] = { "a", "b" }, **p = s;
	const char *none = NULL;

	ck_assert_int_eq(++n, 1);
	ck_assert_int_ge(++n, 2);
	ck_assert_int_lt(++n, 4);
	ck_assert_int_eq(n, 3);
	ck_assert_uint_eq(++u, 1);
	ck_assert_uint_le(++u, 2);
	ck_assert_uint_eq(u, 2);
	ck_assert_str_eq(*p++, "a");
	ck_assert_ptr_eq(p, &s[1]);
	ck_assert_ptr_nonnull(*p++);
	ck_assert_ptr_ne(p, &s[1]);
	ck_assert_ptr_null(none);
	ck_assert_pstr_eq(none, NULL);
	ck_assert_pstr_eq("x", "x");
	ck_assert_mem_eq("abc", "abd", 2);
}
END_TEST

static Suite *portability_suite(void)
{
	Suite *s = suite_create("portability");
	TCase *tc = tcase_create("compat");

	tcase_add_test(tc, test_random_bytes);
	tcase_add_test(tc, test_same_files);
	tcase_add_test(tc, test_optional_symbol);
	tcase_add_test(tc, test_required_symbol);
	tcase_add_test(tc, test_rpm_macro_binding);
	tcase_add_test(tc, test_check_macros_evaluate_once);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(portability_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
