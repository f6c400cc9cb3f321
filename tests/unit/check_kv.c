/* SPDX-License-Identifier: MIT */
/* kv.c: the KEY=value line grammar shared by instance.cfg and sysconfig. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_compat.h"
#include "kv.h"

static enum kv_kind parse(const char *line, struct kv *kv)
{
	enum kv_kind k = kv_parse_line(line, strlen(line), kv);

	ck_assert_int_eq(k, kv->kind);
	return k;
}

/* line must parse as KEY=value with exactly these key and value. */
static void assert_assign(const char *line, const char *key, const char *value)
{
	struct kv kv;

	ck_assert_msg(parse(line, &kv) == KV_ASSIGN, "[%s]: %s", line,
		      kv.kind == KV_ERROR ? kv.error : "not an assignment");
	ck_assert_str_eq(kv.key, key);
	ck_assert_ptr_nonnull(kv.value);
	ck_assert_str_eq(kv.value, value);
	free(kv.value);
}

/* line must be refused; the reason must contain why. */
static void assert_error(const char *line, const char *why)
{
	struct kv kv;

	ck_assert_msg(parse(line, &kv) == KV_ERROR, "[%s] was accepted", line);
	ck_assert_ptr_null(kv.value);
	ck_assert_ptr_nonnull(kv.error);
	ck_assert_msg(strstr(kv.error, why), "[%s]: error \"%s\", expected \"%s\"", line,
		      kv.error, why);
}

START_TEST(test_blank)
{
	static const char *const lines[] = { "", " ", "\t", "  \t \r", "\r" };
	struct kv kv;
	size_t i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		ck_assert_int_eq(parse(lines[i], &kv), KV_BLANK);
		ck_assert_ptr_null(kv.value);
	}
}
END_TEST

START_TEST(test_comment)
{
	static const char *const lines[] = { "#", "# a comment", "   # indented",
					     "\t#x=$(rm -rf /)", "#A=b" };
	struct kv kv;
	size_t i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		ck_assert_int_eq(parse(lines[i], &kv), KV_COMMENT);
		ck_assert_ptr_null(kv.value);
	}
}
END_TEST

START_TEST(test_plain)
{
	struct kv kv;

	ck_assert_int_eq(parse("OMNAME=mail1", &kv), KV_ASSIGN);
	ck_assert_str_eq(kv.key, "OMNAME");
	ck_assert_str_eq(kv.value, "mail1");
	ck_assert_uint_eq(kv.vstart, 7);
	ck_assert_uint_eq(kv.vend, 12);
	free(kv.value);

	assert_assign("A=", "A", "");
	assert_assign("_a9=x", "_a9", "x");
	assert_assign("  A=b", "A", "b");
	assert_assign("A=b=c", "A", "b=c");
	assert_assign("P=/opt/scalix/bin:/usr/bin", "P", "/opt/scalix/bin:/usr/bin");
	assert_assign("A=100%", "A", "100%");
	assert_assign("A=a,b.c-d+e@f^g", "A", "a,b.c-d+e@f^g");
}
END_TEST

START_TEST(test_empty_value_offsets)
{
	struct kv kv;

	ck_assert_int_eq(parse("A=", &kv), KV_ASSIGN);
	ck_assert_uint_eq(kv.vstart, 2);
	ck_assert_uint_eq(kv.vend, 2);
	free(kv.value);
	ck_assert_int_eq(parse("A= # nothing", &kv), KV_ASSIGN);
	ck_assert_str_eq(kv.value, "");
	ck_assert_uint_eq(kv.vstart, 2);
	ck_assert_uint_eq(kv.vend, 2);
	free(kv.value);
}
END_TEST

START_TEST(test_export)
{
	assert_assign("export A=b", "A", "b");
	assert_assign("export\tA=b", "A", "b");
	assert_assign("  export   A=b", "A", "b");
	/* Not the export keyword: part of the key, or the key itself. */
	assert_assign("exportA=b", "exportA", "b");
	assert_assign("export=1", "export", "1");
	assert_assign("exports=1", "exports", "1");
	assert_error("export", "=");
	assert_error("export ", "");
	assert_error("export   ", "KEY=value");
	assert_error("export =b", "KEY=value");
}
END_TEST

START_TEST(test_single_quotes)
{
	assert_assign("A='a b'", "A", "a b");
	assert_assign("A=''", "A", "");
	/* Nothing is special between single quotes, not even a backslash. */
	assert_assign("A='$x `y` ; | & \\ \" # ~ *'", "A", "$x `y` ; | & \\ \" # ~ *");
	assert_assign("A='a'b'c'", "A", "abc");
}
END_TEST

START_TEST(test_double_quotes)
{
	assert_assign("A=\"a b\"", "A", "a b");
	assert_assign("A=\"\"", "A", "");
	assert_assign("A=\"it's; |&<>(){}*?[]~! #\"", "A", "it's; |&<>(){}*?[]~! #");
	assert_assign("A=ab'c d'\"e f\"g", "A", "abc de fg");
}
END_TEST

START_TEST(test_double_quote_escapes)
{
	/* \" \\ \$ \` lose the backslash; any other keeps it, as in sh. */
	assert_assign("A=\"x\\\"y\"", "A", "x\"y");
	assert_assign("A=\"x\\\\y\"", "A", "x\\y");
	assert_assign("A=\"\\$HOME\"", "A", "$HOME");
	assert_assign("A=\"\\`id\\`\"", "A", "`id`");
	assert_assign("A=\"a\\nb\"", "A", "a\\nb");
	assert_assign("A=\"a\\'b\"", "A", "a\\'b");
	assert_assign("A=\"\\\\\"", "A", "\\");
	assert_assign("A=\"\\\\\\\"\"", "A", "\\\"");
}
END_TEST

START_TEST(test_hash_in_word)
{
	assert_assign("A=b#c", "A", "b#c");
	assert_assign("A=#c", "A", "#c");
	assert_assign("A='x'#y", "A", "x#y");
	assert_assign("A=#", "A", "#");
}
END_TEST

START_TEST(test_trailing)
{
	struct kv kv;

	assert_assign("A=b # c", "A", "b");
	assert_assign("A=b\t#c", "A", "b");
	assert_assign("A=b ", "A", "b");
	assert_assign("A=b \t ", "A", "b");
	assert_assign("A=b\r", "A", "b");
	assert_assign("A='b c'   # comment with $ and `", "A", "b c");
	assert_error("A=b c", "text after the value");
	assert_error("A=b  c # x", "text after the value");
	assert_error("A='b' c", "text after the value");
	assert_error("A=b 'c'", "text after the value");

	ck_assert_int_eq(parse("A=b # c", &kv), KV_ASSIGN);
	ck_assert_uint_eq(kv.vstart, 2);
	ck_assert_uint_eq(kv.vend, 3);
	free(kv.value);
}
END_TEST

START_TEST(test_refuse_unquoted_specials)
{
	const char *specials = "$`;|&<>(){}*?[]~!\\";
	const char *p;
	char line[32];

	for (p = specials; *p; p++) {
		snprintf(line, sizeof line, "A=x%cy", *p);
		assert_error(line, "shell syntax");
		snprintf(line, sizeof line, "A=%c", *p);
		assert_error(line, "shell syntax");
	}
	assert_error("A=$(id)", "shell syntax");
	assert_error("A=`id`", "shell syntax");
	assert_error("A=a;reboot", "shell syntax");
	assert_error("A=${HOME}", "shell syntax");
	assert_error("A='ok'$x", "shell syntax");
}
END_TEST

START_TEST(test_refuse_expansion_in_double_quotes)
{
	assert_error("A=\"$HOME\"", "expansion");
	assert_error("A=\"a$\"", "expansion");
	assert_error("A=\"`id`\"", "expansion");
	assert_error("A=\"x$(id)\"", "expansion");
	/* An escaped backslash does not escape the $ after it. */
	assert_error("A=\"\\\\$x\"", "expansion");
}
END_TEST

START_TEST(test_unterminated)
{
	assert_error("A='abc", "unterminated single quote");
	assert_error("A='", "unterminated single quote");
	assert_error("A=\"abc", "unterminated double quote");
	assert_error("A=\"", "unterminated double quote");
	assert_error("A=\"abc\\\"", "unterminated double quote");
	assert_error("A=x'y", "unterminated single quote");
}
END_TEST

START_TEST(test_key)
{
	char line[KV_KEY_MAX + 8];
	struct kv kv;

	/* KV_KEY_MAX - 1 characters fit, one more does not. */
	memset(line, 'K', KV_KEY_MAX - 1);
	strcpy(line + KV_KEY_MAX - 1, "=v");
	ck_assert_int_eq(parse(line, &kv), KV_ASSIGN);
	ck_assert_uint_eq(strlen(kv.key), KV_KEY_MAX - 1);
	ck_assert_str_eq(kv.value, "v");
	free(kv.value);
	memset(line, 'K', KV_KEY_MAX);
	strcpy(line + KV_KEY_MAX, "=v");
	assert_error(line, "key too long");

	assert_error("1A=b", "KEY=value");
	assert_error("=b", "KEY=value");
	assert_error("-A=b", "KEY=value");
	assert_error("A-B=c", "'='");
	assert_error("A =b", "'='");
	assert_error("A b=c", "'='");
	assert_error("A", "'='");
	assert_error("A.B=c", "'='");
	assert_error("'A'=b", "KEY=value");
}
END_TEST

START_TEST(test_offsets)
{
	const char *line = "  export K='v w' # c";
	struct kv kv;

	ck_assert_int_eq(parse(line, &kv), KV_ASSIGN);
	ck_assert_str_eq(kv.key, "K");
	ck_assert_str_eq(kv.value, "v w");
	ck_assert_uint_eq(kv.vstart, 11);
	ck_assert_uint_eq(kv.vend, 16);
	ck_assert_int_eq(strncmp(line + kv.vstart, "'v w'", kv.vend - kv.vstart), 0);
	free(kv.value);

	line = "\tOMAUTOSTART=\"TRUE\"\t# keep\r";
	ck_assert_int_eq(parse(line, &kv), KV_ASSIGN);
	ck_assert_uint_eq(kv.vstart, 13);
	ck_assert_uint_eq(kv.vend, 19);
	ck_assert_str_eq(kv.value, "TRUE");
	free(kv.value);
}
END_TEST

START_TEST(test_length_not_nul)
{
	struct kv kv;

	/* Only len bytes are the line: what follows is not read. */
	ck_assert_int_eq(kv_parse_line("A=bc$(id)", 4, &kv), KV_ASSIGN);
	ck_assert_str_eq(kv.value, "bc");
	ck_assert_uint_eq(kv.vend, 4);
	free(kv.value);
	ck_assert_int_eq(kv_parse_line("A='b'xyz", 3, &kv), KV_ERROR);
	/* A NUL byte inside the line is not silently a terminator. */
	ck_assert_int_eq(kv_parse_line("A=b\0c", 5, &kv), KV_ERROR);
	ck_assert_ptr_null(kv.value);
	ck_assert_int_eq(kv_parse_line("# x", 0, &kv), KV_BLANK);
}
END_TEST

/* What sh makes of line: run it, then print the variable key. */
static char *sh_value(const char *shell, const char *line, const char *key)
{
	static char out[4096];
	char path[] = "/tmp/check_kv.XXXXXX", cmd[128];
	size_t n;
	FILE *f;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%s\nprintf '%%s' \"$%s\"\n", line, key);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(cmd, sizeof cmd, "%s %s", shell, path);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	ck_assert_int_eq(pclose(f), 0);
	unlink(path);
	return out;
}

static const char *const shells[] = { "/bin/sh", "/bin/bash" };

/* line is read by kv_parse_line as sh reads it. */
static void assert_sh_agrees(const char *line)
{
	struct kv kv;
	size_t i;

	ck_assert_msg(parse(line, &kv) == KV_ASSIGN, "[%s]: %s", line,
		      kv.kind == KV_ERROR ? kv.error : "not an assignment");
	for (i = 0; i < sizeof shells / sizeof shells[0]; i++) {
		if (access(shells[i], X_OK) != 0)
			continue;
		ck_assert_msg(strcmp(sh_value(shells[i], line, kv.key), kv.value) == 0,
			      "%s reads [%s] as [%s], kv_parse_line as [%s]", shells[i],
			      line, sh_value(shells[i], line, kv.key), kv.value);
	}
	free(kv.value);
}

START_TEST(test_sh_agrees)
{
	static const char *const lines[] = {
		"A=b",
		"A=",
		"export A=b",
		"A=b#c",
		"A=#c",
		"A=b # c",
		"A=b\t#c",
		"A='a b'",
		"A='$x `y` \\ \"'",
		"A=\"it's\"",
		"A=\"x\\\"y\"",
		"A=\"x\\\\y\"",
		"A=\"\\$HOME\"",
		"A=\"\\`id\\`\"",
		"A=\"a\\nb\"",
		"A=\"a\\'b\"",
		"A=ab'c d'\"e f\"g",
		"A=b=c",
		"A=100%",
		"A=a,b.c-d+e@f^g",
		"A=/opt/scalix/bin:/usr/bin",
		"  A=b  ",
	};
	size_t i;

	/* The shell really runs: it keeps an unknown escape, drops a quote. */
	ck_assert_str_eq(sh_value("/bin/sh", "A=\"a\\nb\"c'd'", "A"), "a\\nbcd");
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		assert_sh_agrees(lines[i]);
}
END_TEST

START_TEST(test_quote_plain)
{
	char *q;

	q = kv_quote("mail1");
	ck_assert_str_eq(q, "mail1");
	free(q);
	q = kv_quote("/var/opt/scalix/m1/s");
	ck_assert_str_eq(q, "/var/opt/scalix/m1/s");
	free(q);
	q = kv_quote("");
	ck_assert_str_eq(q, "''");
	free(q);
	q = kv_quote("a b");
	ck_assert_str_eq(q, "'a b'");
	free(q);
}
END_TEST

static void assert_round_trip(const char *value)
{
	char *q = kv_quote(value), *line;
	struct kv kv;

	ck_assert_msg(q != NULL, "kv_quote refused [%s]", value);
	ck_assert_int_ge(asprintf(&line, "K=%s", q), 0);
	ck_assert_msg(parse(line, &kv) == KV_ASSIGN, "[%s] -> [%s]: %s", value, line,
		      kv.kind == KV_ERROR ? kv.error : "not an assignment");
	ck_assert_str_eq(kv.value, value);
	ck_assert_uint_eq(kv.vend, strlen(line));
	free(kv.value);
	/* A trailing comment after the quoted value changes nothing. */
	free(line);
	ck_assert_int_ge(asprintf(&line, "K=%s # c", q), 0);
	ck_assert_int_eq(parse(line, &kv), KV_ASSIGN);
	ck_assert_str_eq(kv.value, value);
	free(kv.value);
	free(line);
	/* And sh reads it back unchanged too. */
	ck_assert_int_ge(asprintf(&line, "K=%s", q), 0);
	assert_sh_agrees(line);
	free(line);
	free(q);
}

START_TEST(test_quote_round_trip)
{
	static const char *const values[] = {
		"plain",
		"",
		" ",
		"a b",
		"a\tb",
		"a#b",
		"#a",
		"a #b",
		"a=b",
		"=",
		"$HOME",
		"${x}",
		"$(id)",
		"`id`",
		"a;b",
		"a|b",
		"a&b",
		"<>",
		"()",
		"{}",
		"*",
		"?",
		"[x]",
		"~",
		"!",
		"back\\slash",
		"\\",
		"dq\"x",
		"\"",
		"trail ",
		" lead",
		"100%",
		"mail1.scalixdemo.com",
		"/var/opt/scalix/m1/s",
		"ünïcode",
	};
	size_t i;

	for (i = 0; i < sizeof values / sizeof values[0]; i++)
		assert_round_trip(values[i]);
}
END_TEST

/* Values with a single quote are representable: "it's" in double quotes. */
START_TEST(test_quote_round_trip_single_quote)
{
	assert_round_trip("it's");
	assert_round_trip("'");
	assert_round_trip("a'b\"c$d`e\\f");
}
END_TEST

/* Issue 13, case 7: a control character is refused where it is, never
 * taken as the end of a value or dropped from a comment. */
#define BYTES(s) s, sizeof s - 1
START_TEST(test_control_bytes)
{
	static const struct {
		const char *line;
		size_t len;
		const char *why;
	} bad[] = {
		{ BYTES("OMNAME='mail1\0; rm -rf /'"), "NUL byte" },
		{ BYTES("OMNAME=\"mail1\0x\""), "NUL byte" },
		{ BYTES("# a \0 comment"), "NUL byte" },
		{ BYTES("\0"), "NUL byte" },
		{ BYTES("A='b\033[2J'"), "control character" },
		{ BYTES("A=b\x7f"), "control character" },
		{ BYTES("# bell \a"), "control character" },
		{ BYTES("A=b\rc"), "carriage return" },
		{ BYTES("A='b\r'"), "carriage return" },
		{ BYTES("A=b\r\r"), "carriage return" },
	};
	struct kv kv;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(kv_parse_line(bad[i].line, bad[i].len, &kv) == KV_ERROR,
			      "line %zu accepted", i);
		ck_assert_ptr_null(kv.value);
		ck_assert_msg(strstr(kv.error, bad[i].why), "line %zu: %s", i, kv.error);
	}
	/* Tab is text; one final CR is the rest of a CRLF line end. */
	assert_assign("A='b\tc'\t# tab", "A", "b\tc");
	assert_assign("A=b\r", "A", "b");
	ck_assert_int_eq(kv_parse_line("# c\r", 4, &kv), KV_COMMENT);
	/* Nothing quotes a control character so that it reads back. */
	ck_assert_ptr_null(kv_quote("a\rb"));
	ck_assert_ptr_null(kv_quote("a\nb"));
	ck_assert_ptr_null(kv_quote("b\r"));
	ck_assert_ptr_null(kv_quote("\033"));
}
END_TEST

static Suite *kv_suite(void)
{
	Suite *s = suite_create("kv");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_blank);
	tcase_add_test(tc, test_comment);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_empty_value_offsets);
	tcase_add_test(tc, test_export);
	tcase_add_test(tc, test_single_quotes);
	tcase_add_test(tc, test_double_quotes);
	tcase_add_test(tc, test_double_quote_escapes);
	tcase_add_test(tc, test_hash_in_word);
	tcase_add_test(tc, test_trailing);
	tcase_add_test(tc, test_refuse_unquoted_specials);
	tcase_add_test(tc, test_refuse_expansion_in_double_quotes);
	tcase_add_test(tc, test_unterminated);
	tcase_add_test(tc, test_key);
	tcase_add_test(tc, test_offsets);
	tcase_add_test(tc, test_length_not_nul);
	tcase_add_test(tc, test_control_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("sh");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sh_agrees);
	suite_add_tcase(s, tc);

	tc = tcase_create("quote");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_quote_plain);
	tcase_add_test(tc, test_quote_round_trip);
	tcase_add_test(tc, test_quote_round_trip_single_quote);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(kv_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
