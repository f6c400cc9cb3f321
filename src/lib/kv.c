/* SPDX-License-Identifier: MIT */
#include "kv.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "plaintext.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_key_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_key_char(char c)
{
	return is_key_start(c) || (c >= '0' && c <= '9');
}

/* Characters that sh would treat specially in an unquoted word. */
static bool is_shell_special(char c)
{
	return strchr("$`\\\"';&|<>(){}*?[]~!", c) != NULL || c == '\0';
}

static enum kv_kind fail(struct kv *out, const char *why)
{
	free(out->value);
	out->value = NULL;
	out->kind = KV_ERROR;
	out->error = why;
	return KV_ERROR;
}

/* After the value only blanks or a comment may follow. */
static bool rest_is_empty(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p == end || *p == '#';
}

enum kv_kind kv_parse_line(const char *line, size_t len, struct kv *out)
{
	const char *p = line, *end = line + len;
	size_t klen = 0, bad;
	char *v;
	size_t n = 0;

	memset(out, 0, sizeof *out);
	/* Before anything else: a NUL would end the value as a C string. */
	if ((bad = plaintext_bad_byte(line, len)) < len)
		return fail(out, plaintext_byte_name(line[bad]));
	while (p < end && is_blank(*p))
		p++;
	if (p == end)
		return out->kind = KV_BLANK;
	if (*p == '#')
		return out->kind = KV_COMMENT;
	if ((size_t)(end - p) > 7 && memcmp(p, "export", 6) == 0 && is_blank(p[6])) {
		p += 7;
		while (p < end && is_blank(*p))
			p++;
	}
	if (p == end || !is_key_start(*p))
		return fail(out, "expected KEY=value");
	while (p < end && is_key_char(*p)) {
		if (klen + 1 >= KV_KEY_MAX)
			return fail(out, "key too long");
		out->key[klen++] = *p++;
	}
	out->key[klen] = '\0';
	if (p == end || *p != '=')
		return fail(out, "expected '=' after the key");
	p++;
	out->vstart = (size_t)(p - line);

	out->value = v = malloc((size_t)(end - p) + 1);
	if (!v)
		return fail(out, "out of memory");
	/* In sh a '#' inside a word is literal; only a blank ends the value. */
	while (p < end && !is_blank(*p)) {
		if (*p == '\'') {
			const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));

			if (!q)
				return fail(out, "unterminated single quote");
			memcpy(v + n, p + 1, (size_t)(q - p - 1));
			n += (size_t)(q - p - 1);
			p = q + 1;
		} else if (*p == '"') {
			for (p++;; p++) {
				if (p == end)
					return fail(out, "unterminated double quote");
				if (*p == '"')
					break;
				if (*p == '$' || *p == '`')
					return fail(
						out,
						"expansion ($ or `) is not supported");
				if (*p == '\\' && p + 1 < end && strchr("\"\\$`", p[1]))
					p++;
				v[n++] = *p;
			}
			p++;
		} else if (is_shell_special(*p)) {
			return fail(out,
				    "shell syntax is not supported; quote the value");
		} else {
			v[n++] = *p++;
		}
	}
	v[n] = '\0';
	out->vend = (size_t)(p - line);
	if (!rest_is_empty(p, end))
		return fail(out, "text after the value; quote values with spaces");
	return out->kind = KV_ASSIGN;
}

char *kv_quote(const char *value)
{
	size_t len = strlen(value), i, n = 0;
	bool plain = len > 0;
	char *out;

	/* No quoting makes a control character (a newline too) readable. */
	if (!plaintext_value_ok(value)) {
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; i < len; i++)
		if (is_shell_special(value[i]) || is_blank(value[i]) || value[i] == '#' ||
		    value[i] == '\n' || value[i] == '=')
			plain = false;
	if (plain)
		return strdup(value);
	if (strchr(value, '\'')) {
		/* Double quotes, escaping what sh (and kv_parse_line) unescapes. */
		out = malloc(2 * len + 3);
		if (!out)
			return NULL;
		out[n++] = '"';
		for (i = 0; i < len; i++) {
			if (strchr("\"\\$`", value[i]))
				out[n++] = '\\';
			out[n++] = value[i];
		}
		out[n++] = '"';
		out[n] = '\0';
		return out;
	}
	out = malloc(len + 3);
	if (!out)
		return NULL;
	out[n++] = '\'';
	memcpy(out + n, value, len);
	n += len;
	out[n++] = '\'';
	out[n] = '\0';
	return out;
}
