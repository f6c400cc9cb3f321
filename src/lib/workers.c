/* SPDX-License-Identifier: MIT */
#include "workers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plaintext.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* On a worker.list line, set [*vs, *ve) to the value's bytes. */
static bool find_list(const char *l, size_t n, size_t *vs, size_t *ve)
{
	static const char dir[] = "JkWorkerProperty", key[] = "worker.list";
	size_t i = 0;

	while (i < n && blank(l[i]))
		i++;
	if (n - i < sizeof dir - 1 || strncmp(l + i, dir, sizeof dir - 1) != 0)
		return false;
	i += sizeof dir - 1;
	if (i >= n || !blank(l[i]))
		return false;
	while (i < n && blank(l[i]))
		i++;
	if (n - i < sizeof key - 1 || strncmp(l + i, key, sizeof key - 1) != 0)
		return false;
	i += sizeof key - 1;
	while (i < n && blank(l[i]))
		i++;
	if (i >= n || l[i] != '=')
		return false;
	for (i++; i < n && blank(l[i]); i++)
		;
	*vs = i;
	while (n > i && (blank(l[n - 1]) || l[n - 1] == '\r'))
		n--;
	*ve = n;
	return true;
}

/* The first worker.list line: offsets into buf of its value. */
static bool locate(const char *buf, size_t len, size_t *vs, size_t *ve)
{
	size_t start = 0;

	while (start < len) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - buf) : len;

		if (find_list(buf + start, end - start, vs, ve)) {
			*vs += start;
			*ve += start;
			return true;
		}
		start = end + 1;
	}
	return false;
}

char *workers_get_list(const char *buf, size_t len)
{
	size_t vs, ve;

	return locate(buf, len, &vs, &ve) ? strndup(buf + vs, ve - vs) : NULL;
}

char *workers_set_list(const char *buf, size_t len, const char *list, size_t *outlen)
{
	size_t vs, ve, llen = strlen(list);
	char *out;

	if (locate(buf, len, &vs, &ve)) {
		out = malloc(len - (ve - vs) + llen + 1);
		if (!out)
			return NULL;
		memcpy(out, buf, vs);
		memcpy(out + vs, list, llen);
		memcpy(out + vs + llen, buf + ve, len - ve);
		*outlen = len - (ve - vs) + llen;
	} else {
		bool nl = len && buf[len - 1] != '\n';
		int n;

		out = malloc(len + llen + 64);
		if (!out)
			return NULL;
		memcpy(out, buf, len);
		n = sprintf(out + len, "%sJkWorkerProperty worker.list=%s\n",
			    nl ? "\n" : "", list);
		*outlen = len + (size_t)n;
	}
	out[*outlen] = '\0';
	return out;
}

const char *workers_refuse(const char *buf, size_t len, size_t *line)
{
	size_t bad = plaintext_bad_byte(buf, len);

	if (bad == len)
		return NULL;
	*line = plaintext_line_of(buf, bad);
	return plaintext_byte_name(buf[bad]);
}
