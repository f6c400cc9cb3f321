/* SPDX-License-Identifier: MIT */
/* lvm.conf values; see lvmconf.h. */
#include "lvmconf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Past blanks, newlines and # comments. */
static const char *skip(const char *p)
{
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (*p != '#')
			return p;
		while (*p && *p != '\n')
			p++;
	}
}

/* Appends the quoted string at *p (which starts at the quote) to out. */
static const char *quoted(const char *p, char *out, size_t *n, size_t cap)
{
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (*n + 1 < cap)
			out[(*n)++] = *p;
	}
	return *p ? p + 1 : p;
}

static char *value_at(const char *p)
{
	size_t cap = strlen(p) + 1, n = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	p = skip(p);
	if (*p == '"') {
		quoted(p, out, &n, cap);
	} else if (*p == '[') {
		for (p = skip(p + 1); *p && *p != ']'; p = skip(p)) {
			if (*p == '"') {
				if (n && n + 1 < cap)
					out[n++] = ' ';
				p = quoted(p, out, &n, cap);
			} else {
				p++; /* a comma */
			}
		}
	} else {
		while (*p && !isspace((unsigned char)*p) && *p != '#' && *p != '}')
			out[n++] = *p++;
	}
	out[n] = '\0';
	return out;
}

char *lvmconf_get(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (*(p = skip(p))) {
		const char *word = p;

		if (*p == '"') { /* a string outside an assignment: skip it */
			size_t n = 0;

			p = quoted(p, NULL, &n, 0);
			continue;
		}
		while (*p && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		if (p == word) {
			p++;
			continue;
		}
		if ((size_t)(p - word) == klen && strncmp(word, key, klen) == 0) {
			const char *eq = skip(p);

			if (*eq == '=')
				return value_at(eq + 1);
		}
	}
	return NULL;
}

bool lvmconf_lists_vg(const char *list, const char *vg)
{
	size_t vlen = strlen(vg);
	const char *p = list;

	if (!p)
		return false;
	while (*p) {
		size_t len = strcspn(p, " ");

		if ((len == vlen || (len > vlen && p[vlen] == '/')) &&
		    strncmp(p, vg, vlen) == 0)
			return true;
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}
