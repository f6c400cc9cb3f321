/* SPDX-License-Identifier: MIT */
/*
 * The KEY=value line grammar shared by instance.cfg and the sysconfig file:
 * the subset of sh assignments that sh and we read the same way.  Anything
 * that sh would expand (a $, a backtick, an operator) is refused rather than
 * guessed at, because no shell ever interprets these values here.
 */
#ifndef SCALIX_HA_KV_H
#define SCALIX_HA_KV_H

#include <stddef.h>

enum kv_kind { KV_BLANK, KV_COMMENT, KV_ASSIGN, KV_ERROR };

#define KV_KEY_MAX 64

struct kv {
	enum kv_kind kind;
	char key[KV_KEY_MAX];
	char *value;   /* malloc'd, unquoted; KV_ASSIGN only */
	size_t vstart; /* the value's raw text is line[vstart, vend) */
	size_t vend;
	const char *error; /* static text; KV_ERROR only */
};

/*
 * Parse one line (without its "\n"; a final "\r" is taken as part of a CRLF
 * line end).  A control character other than tab is an error, in a comment
 * too.  Free out->value after use.
 */
enum kv_kind kv_parse_line(const char *line, size_t len, struct kv *out);

/* Quote value so that kv_parse_line (and sh) read it back unchanged; NULL:
 * no memory, or EINVAL: value holds a control character (plaintext.h). */
char *kv_quote(const char *value);

#endif
