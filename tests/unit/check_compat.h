/* SPDX-License-Identifier: MIT */
/*
 * The Check assertions these tests use, on every Check from 0.9.8 (EPEL 6)
 * on.  0.9.8 has only ck_assert, ck_assert_msg and ck_assert_{int,str}_{eq,ne}
 * (and those evaluate their arguments twice and print them with %d); 0.9.9
 * adds int_{lt,le,gt,ge} (through int); 0.9.10 uint_* and ptr_{eq,ne} with
 * intmax_t; 0.11.0 ptr_{null,nonnull}, pstr_* and mem_*.  Here each is
 * defined on ck_assert_msg where Check lacks it or has it in a weaker form.
 * SCALIX_HA_FLOOR (make FLOOR=1) hides all of Check's, so the definitions
 * below are the ones compiled and run.  Every tests/unit/check_*.c includes
 * this file instead of <check.h>.
 */
#ifndef SCALIX_HA_CHECK_COMPAT_H
#define SCALIX_HA_CHECK_COMPAT_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#define CK_COMPAT_VERSION \
	(CHECK_MAJOR_VERSION * 10000 + CHECK_MINOR_VERSION * 100 + CHECK_MICRO_VERSION)

#if defined(SCALIX_HA_FLOOR) || CK_COMPAT_VERSION < 910
#undef ck_assert_int_eq
#undef ck_assert_int_ne
#undef ck_assert_int_lt
#undef ck_assert_int_le
#undef ck_assert_int_gt
#undef ck_assert_int_ge
#undef ck_assert_str_eq
#undef ck_assert_str_ne
#endif
#ifdef SCALIX_HA_FLOOR
#undef ck_assert_uint_eq
#undef ck_assert_uint_ne
#undef ck_assert_uint_lt
#undef ck_assert_uint_le
#undef ck_assert_uint_gt
#undef ck_assert_uint_ge
#undef ck_assert_ptr_eq
#undef ck_assert_ptr_ne
#undef ck_assert_ptr_null
#undef ck_assert_ptr_nonnull
#undef ck_assert_pstr_eq
#undef ck_assert_mem_eq
#endif

/* X OP Y on values of type T printed with FMT; each argument read once. */
#define CK_COMPAT_CMP(T, FMT, X, OP, Y)                                             \
	do {                                                                        \
		T ck_compat_x = (X);                                                \
		T ck_compat_y = (Y);                                                \
		ck_assert_msg(ck_compat_x OP ck_compat_y,                           \
			      "Assertion '%s' failed: %s == " FMT ", %s == " FMT,   \
			      #X " " #OP " " #Y, #X, ck_compat_x, #Y, ck_compat_y); \
	} while (0)

#ifndef ck_assert_int_eq
#define ck_assert_int_eq(X, Y) CK_COMPAT_CMP(intmax_t, "%jd", X, ==, Y)
#define ck_assert_int_ne(X, Y) CK_COMPAT_CMP(intmax_t, "%jd", X, !=, Y)
#endif
#ifndef ck_assert_int_lt
#define ck_assert_int_lt(X, Y) CK_COMPAT_CMP(intmax_t, "%jd", X, <, Y)
#define ck_assert_int_le(X, Y) CK_COMPAT_CMP(intmax_t, "%jd", X, <=, Y)
#define ck_assert_int_gt(X, Y) CK_COMPAT_CMP(intmax_t, "%jd", X, >, Y)
#define ck_assert_int_ge(X, Y) CK_COMPAT_CMP(intmax_t, "%jd", X, >=, Y)
#endif
#ifndef ck_assert_uint_eq
#define ck_assert_uint_eq(X, Y) CK_COMPAT_CMP(uintmax_t, "%ju", X, ==, Y)
#define ck_assert_uint_ne(X, Y) CK_COMPAT_CMP(uintmax_t, "%ju", X, !=, Y)
#define ck_assert_uint_lt(X, Y) CK_COMPAT_CMP(uintmax_t, "%ju", X, <, Y)
#define ck_assert_uint_le(X, Y) CK_COMPAT_CMP(uintmax_t, "%ju", X, <=, Y)
#define ck_assert_uint_gt(X, Y) CK_COMPAT_CMP(uintmax_t, "%ju", X, >, Y)
#define ck_assert_uint_ge(X, Y) CK_COMPAT_CMP(uintmax_t, "%ju", X, >=, Y)
#endif
#ifndef ck_assert_ptr_eq
#define ck_assert_ptr_eq(X, Y) CK_COMPAT_CMP(const void *, "%p", X, ==, Y)
#define ck_assert_ptr_ne(X, Y) CK_COMPAT_CMP(const void *, "%p", X, !=, Y)
#endif
#ifndef ck_assert_ptr_null
#define ck_assert_ptr_null(X) CK_COMPAT_CMP(const void *, "%p", X, ==, NULL)
#define ck_assert_ptr_nonnull(X) CK_COMPAT_CMP(const void *, "%p", X, !=, NULL)
#endif

/* Strings: a NULL fails the assertion instead of crashing the test. */
#define CK_COMPAT_STR(X, OP, Y)                                                     \
	do {                                                                        \
		const char *ck_compat_x = (X);                                      \
		const char *ck_compat_y = (Y);                                      \
		ck_assert_msg(ck_compat_x &&ck_compat_y &&strcmp(ck_compat_x,       \
								 ck_compat_y) OP 0, \
			      "Assertion '%s' failed: %s == \"%s\", %s == \"%s\"",  \
			      #X " " #OP " " #Y, #X,                                \
			      ck_compat_x ? ck_compat_x : "(null)", #Y,             \
			      ck_compat_y ? ck_compat_y : "(null)");                \
	} while (0)

#ifndef ck_assert_str_eq
#define ck_assert_str_eq(X, Y) CK_COMPAT_STR(X, ==, Y)
#define ck_assert_str_ne(X, Y) CK_COMPAT_STR(X, !=, Y)
#endif

/* Equal strings, or both NULL. */
#ifndef ck_assert_pstr_eq
#define ck_assert_pstr_eq(X, Y)                                                       \
	do {                                                                          \
		const char *ck_compat_x = (X);                                        \
		const char *ck_compat_y = (Y);                                        \
		ck_assert_msg(ck_compat_x || ck_compat_y ?                            \
				      ck_compat_x && ck_compat_y &&                   \
					      strcmp(ck_compat_x, ck_compat_y) == 0 : \
				      1,                                              \
			      "Assertion '%s' failed: %s == \"%s\", %s == \"%s\"",    \
			      #X " == " #Y, #X, ck_compat_x ? ck_compat_x : "(null)", \
			      #Y, ck_compat_y ? ck_compat_y : "(null)");              \
	} while (0)
#endif

#ifndef ck_assert_mem_eq
#define ck_assert_mem_eq(X, Y, L)                                                      \
	do {                                                                           \
		const void *ck_compat_x = (X);                                         \
		const void *ck_compat_y = (Y);                                         \
		size_t ck_compat_l = (L);                                              \
		ck_assert_msg(memcmp(ck_compat_x, ck_compat_y, ck_compat_l) == 0,      \
			      "Assertion '%s' failed: %zu bytes differ", #X " == " #Y, \
			      ck_compat_l);                                            \
	} while (0)
#endif

#endif
