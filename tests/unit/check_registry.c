/* SPDX-License-Identifier: MIT */
/* registry.c: /etc/opt/scalix/instance.cfg, read and rewritten in place. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_compat.h"
#include "registry.h"
#include "registry_edit.h"

#define NO_LINE ((size_t)-1)
#define CFG "instance.cfg"

/* The file of the seed (TB-2007-02-HACLUSTER), one record per instance. */
static const char seed[] = "OMNAME=mail1\n"
			   "OMHOSTNAME=mail1.scalixdemo.com\n"
			   "OMDATADIR=/var/opt/scalix/m1/s\n"
			   "OMAUTOSTART=FALSE\n"
			   "#\n"
			   "OMNAME=mail2\n"
			   "OMHOSTNAME=mail2.scalixdemo.com\n"
			   "OMDATADIR=/var/opt/scalix/m2/s\n"
			   "OMAUTOSTART=FALSE\n";

static int parse(struct registry *r, const char *buf)
{
	return registry_parse(r, CFG, buf, strlen(buf));
}

/* The serialized registry is exactly want. */
static void assert_text(const struct registry *r, const char *want)
{
	size_t len = 12345;
	char *got = registry_serialize(r, &len);

	ck_assert_ptr_nonnull(got);
	ck_assert_msg(len == strlen(want) && memcmp(got, want, len) == 0,
		      "serialized:\n[%s]\nwanted:\n[%s]", got, want);
	ck_assert_int_eq(got[len], '\0');
	free(got);
}

/* buf is refused with exactly these messages, in this order. */
static void assert_errors(const char *buf, size_t n, const char *const *want)
{
	struct registry r;
	size_t i;

	ck_assert_int_eq(parse(&r, buf), -1);
	if (r.nerrors != n)
		for (i = 0; i < r.nerrors && i < REG_ERRORS_KEPT; i++)
			fprintf(stderr, "  error %zu: %s\n", i, r.errors[i]);
	ck_assert_uint_eq(r.nerrors, n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(r.errors[i], want[i]);
	registry_free(&r);
}

static void assert_error(const char *buf, const char *want)
{
	assert_errors(buf, 1, &want);
}

START_TEST(test_seed)
{
	struct registry r;
	const struct instance *in;

	ck_assert_int_eq(parse(&r, seed), 0);
	ck_assert_uint_eq(r.nerrors, 0);
	ck_assert_str_eq(r.path, CFG);
	ck_assert_uint_eq(r.nlines, 9);
	ck_assert_uint_eq(r.ninst, 2);

	in = &r.inst[0];
	ck_assert_str_eq(in->name, "mail1");
	ck_assert_str_eq(in->host, "mail1.scalixdemo.com");
	ck_assert_str_eq(in->datadir, "/var/opt/scalix/m1/s");
	ck_assert_str_eq(in->autostart, "FALSE");
	ck_assert_str_eq(in->az, "m1");
	ck_assert_uint_eq(in->first, 0);
	ck_assert_uint_eq(in->last, 3);
	ck_assert_uint_eq(in->autostart_line, 3);

	in = &r.inst[1];
	ck_assert_str_eq(in->name, "mail2");
	ck_assert_str_eq(in->host, "mail2.scalixdemo.com");
	ck_assert_str_eq(in->datadir, "/var/opt/scalix/m2/s");
	ck_assert_str_eq(in->az, "m2");
	ck_assert_uint_eq(in->first, 5);
	ck_assert_uint_eq(in->last, 8);
	ck_assert_uint_eq(in->autostart_line, 8);

	ck_assert_ptr_eq(registry_find(&r, "mail2"), &r.inst[1]);
	ck_assert_ptr_eq(registry_find(&r, "mail1"), &r.inst[0]);
	ck_assert_ptr_null(registry_find(&r, "mail3"));
	ck_assert_ptr_null(registry_find(&r, "mail"));
	ck_assert_ptr_null(registry_find(&r, "m1"));
	registry_free(&r);
	ck_assert_ptr_null(r.buf);
	ck_assert_uint_eq(r.ninst, 0);
}
END_TEST

START_TEST(test_empty)
{
	struct registry r;

	ck_assert_int_eq(parse(&r, ""), 0);
	ck_assert_uint_eq(r.ninst, 0);
	ck_assert_uint_eq(r.nlines, 0);
	assert_text(&r, "");
	registry_free(&r);

	ck_assert_int_eq(parse(&r, "# nothing yet\n\n#\n"), 0);
	ck_assert_uint_eq(r.ninst, 0);
	ck_assert_uint_eq(r.nlines, 3);
	registry_free(&r);
}
END_TEST

START_TEST(test_preamble)
{
	static const char buf[] = "# written by ommakeom\n"
				  "\n"
				  "   # indented\n"
				  "OMNAME=mail1\n"
				  "OMHOSTNAME=h1\n"
				  "OMDATADIR=/d1\n";
	struct registry r;

	ck_assert_int_eq(parse(&r, buf), 0);
	ck_assert_uint_eq(r.ninst, 1);
	ck_assert_uint_eq(r.inst[0].first, 3);
	ck_assert_uint_eq(r.inst[0].last, 5);
	ck_assert_ptr_null(r.inst[0].autostart);
	ck_assert_uint_eq(r.inst[0].autostart_line, NO_LINE);
	registry_free(&r);
}
END_TEST

START_TEST(test_unknown_keys)
{
	static const char buf[] = "OMNAME=mail1\n"
				  "OMFOO=bar\n"
				  "OMHOSTNAME=h1\n"
				  "  # a comment inside the record\n"
				  "OMDATADIR=/d1\n"
				  "export OMEXTRA='x y'\n"
				  "\n";
	struct registry r;

	ck_assert_int_eq(parse(&r, buf), 0);
	ck_assert_uint_eq(r.ninst, 1);
	ck_assert_str_eq(r.inst[0].host, "h1");
	ck_assert_str_eq(r.inst[0].datadir, "/d1");
	/* An unknown key is still a KEY line of the record. */
	ck_assert_uint_eq(r.inst[0].last, 5);
	ck_assert_uint_eq(r.nlines, 7);
	assert_text(&r, buf);
	registry_free(&r);
}
END_TEST

START_TEST(test_crlf_no_final_newline)
{
	static const char buf[] = "OMNAME=mail1\r\n"
				  "OMHOSTNAME=mail1.scalixdemo.com\r\n"
				  "OMDATADIR='/var/opt/scalix/m1/s'\r\n"
				  "#\r\n"
				  "OMNAME=mail2\r\n"
				  "OMHOSTNAME=mail2.scalixdemo.com\r\n"
				  "OMDATADIR=/var/opt/scalix/m2/s\r\n"
				  "OMAUTOSTART=TRUE";
	struct registry r;

	ck_assert_int_eq(parse(&r, buf), 0);
	ck_assert_uint_eq(r.ninst, 2);
	ck_assert_uint_eq(r.nlines, 8);
	ck_assert_str_eq(r.inst[0].host, "mail1.scalixdemo.com");
	ck_assert_str_eq(r.inst[0].datadir, "/var/opt/scalix/m1/s");
	ck_assert_str_eq(r.inst[1].datadir, "/var/opt/scalix/m2/s");
	ck_assert_str_eq(r.inst[1].autostart, "TRUE");
	ck_assert_uint_eq(r.lines[7].len, strlen("OMAUTOSTART=TRUE"));
	assert_text(&r, buf);
	registry_free(&r);
}
END_TEST

START_TEST(test_round_trip)
{
	static const char *const bufs[] = {
		seed,
		"",
		"\n",
		"no newline at all",
		"# c\n\n\nOMNAME=a\nOMHOSTNAME=h\nOMDATADIR=/d # trailing\n\t\n#\n#\n",
		"OMNAME=a\r\nOMHOSTNAME=h\r\nOMDATADIR=/d\r\n\r\n",
		"OMNAME=a\nOMHOSTNAME=h\nOMDATADIR=/d\r",
		/* Broken files are kept as they are too. */
		"OMNAME=-x\nOMHOSTNAME=$(id)\nrubbish\n'\n",
	};
	size_t i;

	for (i = 0; i < sizeof bufs / sizeof bufs[0]; i++) {
		struct registry r;

		parse(&r, bufs[i]);
		assert_text(&r, bufs[i]);
		registry_free(&r);
	}
}
END_TEST

START_TEST(test_error_invalid_name)
{
	assert_error("OMNAME=-bad\nOMHOSTNAME=h\nOMDATADIR=/d\n",
		     CFG ":1: invalid instance name \"-bad\" (letters, digits, "
			 "'-' and '_', starting with a letter or digit, at most 63)");
	assert_error("# c\nOMNAME='mail 1'\nOMHOSTNAME=h\nOMDATADIR=/d\n",
		     CFG ":2: invalid instance name \"mail 1\" (letters, digits, "
			 "'-' and '_', starting with a letter or digit, at most 63)");
	assert_error("OMNAME=\n",
		     CFG ":1: invalid instance name \"\" (letters, digits, "
			 "'-' and '_', starting with a letter or digit, at most 63)");
}
END_TEST

START_TEST(test_error_outside_record)
{
	assert_error("# header\nOMHOSTNAME=h\nOMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d\n",
		     CFG ":2: OMHOSTNAME outside an instance record (records "
			 "start with OMNAME=)");
	assert_error("FOO=bar\n", CFG
		     ":1: FOO outside an instance record (records start with OMNAME=)");
}
END_TEST

START_TEST(test_error_duplicate_key)
{
	struct registry r;

	assert_error("OMNAME=mail1\nOMHOSTNAME=a\nOMDATADIR=/d\nOMHOSTNAME=b\n", CFG
		     ":4: OMHOSTNAME given twice for instance mail1 (first at line 2)");
	assert_error("OMNAME=mail1\nOMDATADIR=/d\nOMHOSTNAME=a\n#\nOMDATADIR=/e\n", CFG
		     ":5: OMDATADIR given twice for instance mail1 (first at line 2)");
	assert_error("OMNAME=mail1\nOMAUTOSTART=TRUE\nOMHOSTNAME=a\nOMDATADIR=/d\n"
		     "OMAUTOSTART=FALSE\n",
		     CFG
		     ":5: OMAUTOSTART given twice for instance mail1 (first at line 2)");
	/* The same key in two records is not a duplicate. */
	ck_assert_int_eq(parse(&r, seed), 0);
	registry_free(&r);
	/* The first value is the one kept. */
	ck_assert_int_eq(
		parse(&r, "OMNAME=mail1\nOMHOSTNAME=a\nOMDATADIR=/d\nOMHOSTNAME=b\n"),
		-1);
	ck_assert_str_eq(r.inst[0].host, "a");
	registry_free(&r);
}
END_TEST

START_TEST(test_error_missing_fields)
{
	static const char *const both[] = {
		CFG ":1: instance mail1 has no OMHOSTNAME",
		CFG ":1: instance mail1 has no OMDATADIR",
	};
	static const char *const second[] = {
		CFG ":5: instance mail2 has no OMDATADIR",
	};

	assert_error("OMNAME=mail1\nOMDATADIR=/d\n",
		     CFG ":1: instance mail1 has no OMHOSTNAME");
	assert_error("OMNAME=mail1\nOMHOSTNAME=h\n",
		     CFG ":1: instance mail1 has no OMDATADIR");
	assert_errors("OMNAME=mail1\n", 2, both);
	assert_errors("OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/"
		      "d\n#\nOMNAME=mail2\nOMHOSTNAME=h\n#\n",
		      1, second);
}
END_TEST

START_TEST(test_error_bad_values)
{
	assert_error("OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=var/opt/scalix/m1/s\n",
		     CFG ":3: instance mail1: OMDATADIR \"var/opt/scalix/m1/s\" is "
			 "not an absolute path");
	assert_error("OMNAME=mail1\nOMDATADIR=/d\nOMHOSTNAME=bad_host\n",
		     CFG ":3: instance mail1: invalid OMHOSTNAME \"bad_host\"");
}
END_TEST

START_TEST(test_error_duplicate_instance)
{
	char buf[1024];

	snprintf(buf, sizeof buf, "%s#\nOMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/x\n",
		 seed);
	assert_error(buf,
		     CFG ":11: instance mail1 is registered twice (first at line 1)");
}
END_TEST

/* Every repeat names the first record, not the one before it. */
START_TEST(test_error_duplicate_instance_thrice)
{
	static const char rec[] =
		"OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d\nOMAUTOSTART=FALSE\n#\n";
	static const char *const want[] = {
		CFG ":6: instance mail1 is registered twice (first at line 1)",
		CFG ":11: instance mail1 is registered twice (first at line 1)",
	};
	struct registry r;
	char buf[1024];
	size_t i;

	snprintf(buf, sizeof buf, "%s%s%s", rec, rec, rec);
	ck_assert_int_eq(parse(&r, buf), -1);
	ck_assert_uint_eq(r.nerrors, 2);
	/* In either order: the sort decides it. */
	for (i = 0; i < 2; i++)
		ck_assert_msg(strcmp(r.errors[i], want[0]) == 0 ||
				      strcmp(r.errors[i], want[1]) == 0,
			      "unexpected: %s", r.errors[i]);
	ck_assert_str_ne(r.errors[0], r.errors[1]);
	registry_free(&r);
}
END_TEST

START_TEST(test_error_az_collision)
{
	assert_error("OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d\n#\n"
		     "OMNAME=m1\nOMHOSTNAME=h\nOMDATADIR=/e\n",
		     CFG ":5: instances mail1 and m1 share the directory name \"m1\" "
			 "(first and last character); rename one");
	assert_error("OMNAME=sales\nOMHOSTNAME=h\nOMDATADIR=/d\n#\n"
		     "OMNAME=sys\nOMHOSTNAME=h\nOMDATADIR=/e\n",
		     CFG ":5: instances sales and sys share the directory name \"ss\" "
			 "(first and last character); rename one");
	/* A one-letter name has az "mm". */
	assert_error("OMNAME=mxm\nOMHOSTNAME=h\nOMDATADIR=/d\n#\n"
		     "OMNAME=m\nOMHOSTNAME=h\nOMDATADIR=/e\n",
		     CFG ":5: instances mxm and m share the directory name \"mm\" "
			 "(first and last character); rename one");
}
END_TEST

START_TEST(test_error_shell_syntax)
{
	static const char *const want[] = {
		CFG ":2: shell syntax is not supported; quote the value",
		CFG ":1: instance mail1 has no OMHOSTNAME",
	};
	static const char *const dq[] = {
		CFG ":3: expansion ($ or `) is not supported",
		CFG ":1: instance mail1 has no OMDATADIR",
	};

	assert_errors("OMNAME=mail1\nOMHOSTNAME=$(hostname)\nOMDATADIR=/d\n", 2, want);
	assert_errors("OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=\"$HOME\"\n", 2, dq);
	assert_error("# c\nOMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d\nOMX='open\n",
		     CFG ":5: unterminated single quote");
}
END_TEST

START_TEST(test_error_cap)
{
	char buf[1024] = "", line[64];
	struct registry r;
	size_t i;

	for (i = 0; i < REG_ERRORS_KEPT + 5; i++)
		strcat(buf, "$x\n");
	ck_assert_int_eq(parse(&r, buf), -1);
	/* Parsing stops at the line after the one that filled the errors. */
	ck_assert_uint_eq(r.nerrors, REG_ERRORS_KEPT);
	ck_assert_uint_eq(r.nlines, REG_ERRORS_KEPT);
	ck_assert(r.stopped);
	for (i = 0; i < REG_ERRORS_KEPT; i++) {
		snprintf(line, sizeof line, CFG ":%zu: expected KEY=value", i + 1);
		ck_assert_str_eq(r.errors[i], line);
	}
	registry_free(&r);

	/* Exactly as many errors as are kept, and nothing after: not stopped. */
	buf[0] = '\0';
	for (i = 0; i < REG_ERRORS_KEPT; i++)
		strcat(buf, "$x\n");
	ck_assert_int_eq(parse(&r, buf), -1);
	ck_assert_uint_eq(r.nerrors, REG_ERRORS_KEPT);
	ck_assert(!r.stopped);
	registry_free(&r);

	/* Errors that come after a complete parse (collisions) are all counted. */
	buf[0] = '\0';
	for (i = 0; i < REG_ERRORS_KEPT + 5; i++)
		strcat(buf, "OMNAME=m1\nOMHOSTNAME=h\nOMDATADIR=/d\n");
	ck_assert_int_eq(parse(&r, buf), -1);
	ck_assert_uint_eq(r.nerrors, REG_ERRORS_KEPT + 4);
	ck_assert(!r.stopped);
	registry_free(&r);
}
END_TEST

/* A buffer with room for n lines of up to width bytes. */
static char *big_buffer(size_t n, size_t width, size_t *cap)
{
	char *buf;

	*cap = n * width + 1;
	buf = malloc(*cap);
	ck_assert_ptr_nonnull(buf);
	return buf;
}

START_TEST(test_large_malformed)
{
	struct registry r;
	size_t len = 0, cap, i;
	char *buf = big_buffer(100000, 32, &cap);

	for (i = 0; i < 100000; i++)
		len += (size_t)snprintf(buf + len, cap - len, "bad line %zu\n", i);

	ck_assert_int_eq(registry_parse(&r, CFG, buf, len), -1);
	ck_assert(r.stopped);
	ck_assert_uint_eq(r.nlines, REG_ERRORS_KEPT);
	ck_assert_uint_eq(r.nerrors, REG_ERRORS_KEPT);
	ck_assert_str_eq(r.errors[0], CFG ":1: expected '=' after the key");
	ck_assert_str_eq(r.errors[9], CFG ":10: expected '=' after the key");
	registry_free(&r);
	free(buf);
}
END_TEST

/* One bad line at the very end of a long file is still found and named. */
START_TEST(test_large_last_line_bad)
{
	struct registry r;
	size_t len = 0, cap, i;
	char *buf = big_buffer(100000, 32, &cap);

	len += (size_t)snprintf(buf, cap, "OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d\n");
	for (i = 3; i < 99999; i++)
		len += (size_t)snprintf(buf + len, cap - len, "# comment %zu\n", i);
	len += (size_t)snprintf(buf + len, cap - len, "OMDATADIR=/e");

	ck_assert_int_eq(registry_parse(&r, CFG, buf, len), -1);
	ck_assert(!r.stopped);
	ck_assert_uint_eq(r.nlines, 100000);
	ck_assert_uint_eq(r.nerrors, 1);
	ck_assert_str_eq(r.errors[0], CFG ":100000: OMDATADIR given twice for "
					  "instance mail1 (first at line 3)");
	registry_free(&r);
	free(buf);
}
END_TEST

START_TEST(test_large_duplicates)
{
	struct registry r;
	size_t len = 0, cap, i;
	char *buf = big_buffer(25000, 80, &cap);

	for (i = 0; i < 25000; i++)
		len += (size_t)snprintf(
			buf + len, cap - len,
			"OMNAME=mail1\nOMHOSTNAME=h%zu\nOMDATADIR=/d%zu\n#\n", i, i);

	ck_assert_int_eq(registry_parse(&r, CFG, buf, len), -1);
	ck_assert_uint_eq(r.nlines, 100000);
	ck_assert_uint_eq(r.ninst, 25000);
	ck_assert_uint_eq(r.nerrors, 24999);
	registry_free(&r);
	free(buf);

	/* Distinct names, one az: every record after the first collides. */
	buf = big_buffer(25000, 80, &cap);
	for (len = 0, i = 0; i < 25000; i++)
		len += (size_t)snprintf(
			buf + len, cap - len,
			"OMNAME=x%zuy\nOMHOSTNAME=h%zu\nOMDATADIR=/d\n#\n", i, i);
	ck_assert_int_eq(registry_parse(&r, CFG, buf, len), -1);
	ck_assert_uint_eq(r.nerrors, 24999);
	ck_assert_str_eq(r.errors[0],
			 CFG ":5: instances x0y and x1y share the directory "
			     "name \"xy\" (first and last character); rename one");
	registry_free(&r);
	free(buf);
}
END_TEST

START_TEST(test_disable_already_false)
{
	struct registry r;

	ck_assert_int_eq(parse(&r, seed), 0);
	ck_assert_int_eq(registry_disable_autostart(&r), 0);
	assert_text(&r, seed);
	registry_free(&r);
}
END_TEST

START_TEST(test_disable_rewrites_value_only)
{
	static const char buf[] = "OMNAME=mail1\r\n"
				  "OMHOSTNAME=h\r\n"
				  "  OMAUTOSTART=TRUE   # boot it\r\n"
				  "OMDATADIR=/d\r\n"
				  "#\r\n"
				  "OMNAME=mail2\n"
				  "OMHOSTNAME=h\n"
				  "OMDATADIR=/e\n"
				  "export OMAUTOSTART=\"TRUE\"";
	static const char want[] = "OMNAME=mail1\r\n"
				   "OMHOSTNAME=h\r\n"
				   "  OMAUTOSTART=FALSE   # boot it\r\n"
				   "OMDATADIR=/d\r\n"
				   "#\r\n"
				   "OMNAME=mail2\n"
				   "OMHOSTNAME=h\n"
				   "OMDATADIR=/e\n"
				   "export OMAUTOSTART=FALSE";
	struct registry r;

	ck_assert_int_eq(parse(&r, buf), 0);
	ck_assert_int_eq(registry_disable_autostart(&r), 2);
	assert_text(&r, want);
	ck_assert_str_eq(r.inst[0].autostart, "FALSE");
	ck_assert_str_eq(r.inst[1].autostart, "FALSE");
	ck_assert_uint_eq(r.nlines, 9);
	ck_assert_int_eq(registry_disable_autostart(&r), 0);
	assert_text(&r, want);
	registry_free(&r);
}
END_TEST

START_TEST(test_disable_inserts_when_absent)
{
	static const char buf[] = "# pre\n"
				  "OMNAME=mail1\n"
				  "OMHOSTNAME=h1\n"
				  "OMDATADIR=/d1\n"
				  "OMX=1\n"
				  "# about mail2\n"
				  "#\n"
				  "OMNAME=mail2\n"
				  "OMHOSTNAME=h2\n"
				  "OMAUTOSTART=yes\n"
				  "OMDATADIR=/d2\n"
				  "#\n"
				  "OMNAME=mail3\n"
				  "OMHOSTNAME=h3\n"
				  "OMDATADIR=/d3";
	static const char want[] = "# pre\n"
				   "OMNAME=mail1\n"
				   "OMHOSTNAME=h1\n"
				   "OMDATADIR=/d1\n"
				   "OMX=1\n"
				   "OMAUTOSTART=FALSE\n"
				   "# about mail2\n"
				   "#\n"
				   "OMNAME=mail2\n"
				   "OMHOSTNAME=h2\n"
				   "OMAUTOSTART=FALSE\n"
				   "OMDATADIR=/d2\n"
				   "#\n"
				   "OMNAME=mail3\n"
				   "OMHOSTNAME=h3\n"
				   "OMDATADIR=/d3\n"
				   "OMAUTOSTART=FALSE\n";
	struct registry r, again;
	size_t len, i;
	char *text;

	ck_assert_int_eq(parse(&r, buf), 0);
	ck_assert_int_eq(registry_disable_autostart(&r), 3);
	assert_text(&r, want);
	/* The indices follow the lines that moved. */
	ck_assert_uint_eq(r.inst[0].first, 1);
	ck_assert_uint_eq(r.inst[0].last, 5);
	ck_assert_uint_eq(r.inst[0].autostart_line, 5);
	ck_assert_uint_eq(r.inst[1].first, 8);
	ck_assert_uint_eq(r.inst[1].autostart_line, 10);
	ck_assert_uint_eq(r.inst[1].last, 11);
	ck_assert_uint_eq(r.inst[2].first, 13);
	ck_assert_uint_eq(r.inst[2].last, 16);
	ck_assert_uint_eq(r.inst[2].autostart_line, 16);
	ck_assert_int_eq(registry_disable_autostart(&r), 0);
	assert_text(&r, want);

	/* What is written reads back the same. */
	text = registry_serialize(&r, &len);
	ck_assert_int_eq(registry_parse(&again, CFG, text, len), 0);
	ck_assert_uint_eq(again.ninst, 3);
	for (i = 0; i < again.ninst; i++) {
		ck_assert_str_eq(again.inst[i].autostart, "FALSE");
		ck_assert_uint_eq(again.inst[i].first, r.inst[i].first);
		ck_assert_uint_eq(again.inst[i].last, r.inst[i].last);
		ck_assert_uint_eq(again.inst[i].autostart_line, r.inst[i].autostart_line);
	}
	registry_free(&again);
	free(text);
	registry_free(&r);
}
END_TEST

START_TEST(test_append)
{
	static const char tail[] = "#\n"
				   "OMNAME=mail3\n"
				   "OMHOSTNAME=mail3.scalixdemo.com\n"
				   "OMDATADIR=/var/opt/scalix/m3/s\n"
				   "OMAUTOSTART=FALSE\n";
	struct registry r, again;
	const struct instance *in;
	char want[1024];
	size_t len;
	char *text;

	ck_assert_int_eq(parse(&r, seed), 0);
	ck_assert_int_eq(registry_append(&r, "mail3", "mail3.scalixdemo.com",
					 "/var/opt/scalix/m3/s", "FALSE"),
			 0);
	snprintf(want, sizeof want, "%s%s", seed, tail);
	assert_text(&r, want);
	ck_assert_uint_eq(r.ninst, 3);
	ck_assert_uint_eq(r.nlines, 14);
	in = registry_find(&r, "mail3");
	ck_assert_ptr_nonnull(in);
	ck_assert_str_eq(in->az, "m3");
	ck_assert_str_eq(in->host, "mail3.scalixdemo.com");
	ck_assert_str_eq(in->datadir, "/var/opt/scalix/m3/s");
	ck_assert_str_eq(in->autostart, "FALSE");
	ck_assert_uint_eq(in->first, 10);
	ck_assert_uint_eq(in->last, 13);
	ck_assert_uint_eq(in->autostart_line, 13);

	text = registry_serialize(&r, &len);
	ck_assert_int_eq(registry_parse(&again, CFG, text, len), 0);
	ck_assert_uint_eq(again.ninst, 3);
	ck_assert_uint_eq(again.inst[2].first, 10);
	registry_free(&again);
	free(text);
	registry_free(&r);
}
END_TEST

START_TEST(test_append_empty_and_unterminated)
{
	struct registry r;

	/* The first record gets no separator. */
	ck_assert_int_eq(parse(&r, ""), 0);
	ck_assert_int_eq(registry_append(&r, "mail1", "h", "/d", "FALSE"), 0);
	assert_text(&r, "OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d\nOMAUTOSTART=FALSE\n");
	ck_assert_uint_eq(r.inst[0].first, 0);
	registry_free(&r);

	/* A last line without its newline gets one first. */
	ck_assert_int_eq(parse(&r, "OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d"), 0);
	ck_assert_int_eq(registry_append(&r, "mail2", "h2", "/e", "FALSE"), 0);
	assert_text(&r, "OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d\n#\n"
			"OMNAME=mail2\nOMHOSTNAME=h2\nOMDATADIR=/e\nOMAUTOSTART=FALSE\n");
	registry_free(&r);
}
END_TEST

START_TEST(test_append_quotes_and_no_autostart)
{
	struct registry r, again;
	size_t len;
	char *text;

	ck_assert_int_eq(parse(&r, "# only a comment\n"), 0);
	ck_assert_int_eq(registry_append(&r, "mail1", "h", "/var/opt/my store", NULL), 0);
	assert_text(&r, "# only a comment\nOMNAME=mail1\nOMHOSTNAME=h\n"
			"OMDATADIR='/var/opt/my store'\n");
	ck_assert_ptr_null(r.inst[0].autostart);
	ck_assert_uint_eq(r.inst[0].autostart_line, NO_LINE);
	ck_assert_uint_eq(r.inst[0].last, 3);

	/* Then autostart is disabled: the line goes after the record. */
	ck_assert_int_eq(registry_disable_autostart(&r), 1);
	assert_text(&r, "# only a comment\nOMNAME=mail1\nOMHOSTNAME=h\n"
			"OMDATADIR='/var/opt/my store'\nOMAUTOSTART=FALSE\n");
	text = registry_serialize(&r, &len);
	ck_assert_int_eq(registry_parse(&again, CFG, text, len), 0);
	ck_assert_str_eq(again.inst[0].datadir, "/var/opt/my store");
	registry_free(&again);
	free(text);
	registry_free(&r);
}
END_TEST

/* 100,000 lines, errors from the second line on: rejected early. */
static void write_broken_throughout(const char *path)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < 100000; i++)
		fprintf(f,
			i % 3 ? "this line %zu is $(not) a KEY=value\n" : "OMNAME=m%zu\n",
			i);
	ck_assert_int_eq(ftell(f) > 2000000, 1);
	fclose(f);
}

/* 100,000 lines, valid up to the last, which registers mail1 again. */
static void write_broken_at_end(const char *path)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(seed, f);
	for (size_t i = 10; i < 100000; i++)
		fprintf(f, "# comment %zu, long enough to span several reads\n", i);
	fputs("OMNAME=mail1", f);
	fclose(f);
}

START_TEST(test_load)
{
	char dir[] = "/tmp/check_registry.XXXXXX", path[128];
	struct registry r;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/instance.cfg", dir);

	/* A missing file is an empty registry. */
	errno = 0;
	ck_assert_int_eq(registry_load(&r, path), 0);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_uint_eq(r.ninst, 0);
	registry_free(&r);

	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(seed, f);
	fclose(f);
	ck_assert_int_eq(registry_load(&r, path), 0);
	ck_assert_uint_eq(r.ninst, 2);
	ck_assert_str_eq(r.path, path);
	assert_text(&r, seed);
	registry_free(&r);

	/* An empty file. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(registry_load(&r, path), 0);
	ck_assert_uint_eq(r.ninst, 0);
	registry_free(&r);

	/* Errors carry the path. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("OMNAME=mail1\n", f);
	fclose(f);
	ck_assert_int_eq(registry_load(&r, path), -1);
	ck_assert_uint_eq(r.nerrors, 2);
	snprintf(path + strlen(path), sizeof path - strlen(path),
		 ":1: instance mail1 has no OMHOSTNAME");
	ck_assert_str_eq(r.errors[0], path);
	registry_free(&r);

	/* A big broken file is rejected from its first part (one read). */
	snprintf(path, sizeof path, "%s/instance.cfg", dir);
	write_broken_throughout(path);
	ck_assert_int_eq(registry_load(&r, path), -1);
	ck_assert(r.stopped);
	ck_assert_uint_eq(r.nerrors, REG_ERRORS_KEPT);
	ck_assert_uint_le(r.len, 64 << 10);
	registry_free(&r);

	/* The same length broken only in its last line: read whole, line named. */
	write_broken_at_end(path);
	ck_assert_int_eq(registry_load(&r, path), -1);
	ck_assert(!r.stopped);
	ck_assert_uint_eq(r.nlines, 100000);
	ck_assert_uint_ge(r.nerrors, 1);
	ck_assert_ptr_nonnull(
		strstr(r.errors[0], ":100000: instance mail1 has no OMHOSTNAME"));
	registry_free(&r);

	/* Something that cannot be read is an error, not an empty registry. */
	ck_assert_int_eq(registry_load(&r, dir), -1);
	ck_assert_uint_ge(r.nerrors, 1);
	registry_free(&r);

	/* A FIFO: an error at once, never a wait for a writer. */
	snprintf(path, sizeof path, "%s/instance.cfg", dir);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(registry_load(&r, path), -1);
	ck_assert_uint_eq(r.nerrors, 1);
	ck_assert_ptr_nonnull(strstr(r.errors[0], "not a regular file"));
	registry_free(&r);

	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* registry_scan finds what registry_load finds, whatever the reads cut. */
static void assert_scan_same(const char *path)
{
	struct registry a, b;
	size_t i;
	int rca = registry_load(&a, path), rcb = registry_scan(&b, path);

	ck_assert_int_eq(rca, rcb);
	ck_assert(b.records_only);
	ck_assert_uint_eq(a.nlines, b.nlines);
	ck_assert_uint_eq(a.nerrors, b.nerrors);
	ck_assert_int_eq(a.stopped, b.stopped);
	for (i = 0; i < a.nerrors && i < REG_ERRORS_KEPT; i++)
		ck_assert_str_eq(a.errors[i], b.errors[i]);
	ck_assert_uint_eq(a.ninst, b.ninst);
	for (i = 0; i < a.ninst; i++) {
		ck_assert_str_eq(a.inst[i].name, b.inst[i].name);
		ck_assert_pstr_eq(a.inst[i].host, b.inst[i].host);
		ck_assert_pstr_eq(a.inst[i].datadir, b.inst[i].datadir);
		ck_assert_uint_eq(a.inst[i].first, b.inst[i].first);
	}
	registry_free(&a);
	registry_free(&b);
}

/*
 * Issue 13, case 7: a control character anywhere (a value, a comment) is a
 * file:line error, the same through the buffer parser, the line-keeping
 * load and the records-only scan; before, 'mail1<NUL>; rm -rf /' was mail1.
 */
#define BYTES(s) s, sizeof s - 1
START_TEST(test_refuse_control_bytes)
{
	static const struct {
		const char *buf;
		size_t len;
		const char *want;
	} cases[] = {
		{ BYTES("OMNAME='mail1\0; rm -rf /'\nOMHOSTNAME=h\nOMDATADIR=/d\n"),
		  ":1: a NUL byte (the file is not text)" },
		{ BYTES("OMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d\n#\0x\n"),
		  ":4: a NUL byte (the file is not text)" },
		{ BYTES("OMNAME=mail1\nOMHOSTNAME=\"h\033]0;x\"\nOMDATADIR=/d\n"),
		  ":2: a control character (only tab is allowed)" },
		{ BYTES("OMNAME=mail1\r\nOMHOSTNAME=h\r\r\nOMDATADIR=/d\r\n"),
		  ":2: a carriage return inside the line" },
	};
	char dir[] = "/tmp/check_registry.XXXXXX", path[128], want[256];
	size_t i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/instance.cfg", dir);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct registry r;
		FILE *f = fopen(path, "w");

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(cases[i].buf, 1, cases[i].len, f), cases[i].len);
		fclose(f);
		ck_assert_int_eq(registry_parse(&r, path, cases[i].buf, cases[i].len),
				 -1);
		snprintf(want, sizeof want, "%s%s", path, cases[i].want);
		ck_assert_str_eq(r.errors[0], want);
		registry_free(&r);
		ck_assert_int_eq(registry_load(&r, path), -1);
		ck_assert_str_eq(r.errors[0], want);
		registry_free(&r);
		ck_assert_int_eq(registry_scan(&r, path), -1);
		ck_assert_str_eq(r.errors[0], want);
		registry_free(&r);
		assert_scan_same(path);
	}
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(test_scan)
{
	char dir[] = "/tmp/check_registry.XXXXXX", path[128];
	struct registry r;
	size_t len;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/instance.cfg", dir);

	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(seed, f);
	fclose(f);
	assert_scan_same(path);

	/* Records that straddle every read, CRLF, no final newline. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < 900; i++)
		fprintf(f,
			"# record %zu\r\nOMNAME=m%zux\r\nOMHOSTNAME=h%zu.example.com\r\n"
			"OMDATADIR=/var/opt/scalix/d%zu/s\r\n",
			i, i, i, i);
	fputs("# the end", f);
	fclose(f);
	assert_scan_same(path);

	/* A line longer than the read window, then a record. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputc('#', f);
	for (size_t i = 0; i < 200000; i++)
		fputc('x', f);
	fputs("\nOMNAME=mail1\nOMHOSTNAME=h\nOMDATADIR=/d\n", f);
	fclose(f);
	assert_scan_same(path);
	ck_assert_int_eq(registry_scan(&r, path), 0);
	ck_assert_uint_eq(r.ninst, 1);
	ck_assert_uint_eq(r.nlines, 4);
	/* Nothing to rewrite from: the writers refuse. */
	ck_assert_int_eq(registry_disable_autostart(&r), -1);
	ck_assert_int_eq(registry_append(&r, "mail2", "h", "/d2", "FALSE"), -1);
	ck_assert_ptr_null(registry_serialize(&r, &len));
	registry_free(&r);

	/* Broken early, and broken only at the end. */
	write_broken_throughout(path);
	assert_scan_same(path);
	write_broken_at_end(path);
	assert_scan_same(path);

	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static Suite *registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_seed);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_preamble);
	tcase_add_test(tc, test_unknown_keys);
	tcase_add_test(tc, test_crlf_no_final_newline);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_refuse_control_bytes);
	tcase_add_test(tc, test_load);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_error_invalid_name);
	tcase_add_test(tc, test_error_outside_record);
	tcase_add_test(tc, test_error_duplicate_key);
	tcase_add_test(tc, test_error_missing_fields);
	tcase_add_test(tc, test_error_bad_values);
	tcase_add_test(tc, test_error_duplicate_instance);
	tcase_add_test(tc, test_error_duplicate_instance_thrice);
	tcase_add_test(tc, test_error_az_collision);
	tcase_add_test(tc, test_error_shell_syntax);
	tcase_add_test(tc, test_error_cap);
	suite_add_tcase(s, tc);

	tc = tcase_create("large");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_large_malformed);
	tcase_add_test(tc, test_large_last_line_bad);
	tcase_add_test(tc, test_scan);
	tcase_add_test(tc, test_large_duplicates);
	suite_add_tcase(s, tc);

	tc = tcase_create("rewrite");
	tcase_add_test(tc, test_disable_already_false);
	tcase_add_test(tc, test_disable_rewrites_value_only);
	tcase_add_test(tc, test_disable_inserts_when_absent);
	tcase_add_test(tc, test_append);
	tcase_add_test(tc, test_append_empty_and_unterminated);
	tcase_add_test(tc, test_append_quotes_and_no_autostart);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(registry_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
