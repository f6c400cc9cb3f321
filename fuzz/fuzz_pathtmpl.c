/* SPDX-License-Identifier: MIT */
/*
 * Path templates.  Input: template, root, instance, datadir, separated by
 * NUL bytes.  A template tmpl_check accepts expands; the result inside a
 * root starts with that root.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pathtmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 4), *part[4], *p, *exp, *in;
	struct tmpl_vars v;
	size_t i;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	memset(copy + size, 0, 4);
	for (i = 0, p = copy; i < 4; i++) {
		part[i] = p;
		p += strlen(p) + (p < copy + size);
	}
	v.instance = part[2];
	v.az = "m1";
	v.datadir = part[3];
	exp = tmpl_expand(part[0], &v);
	if (!tmpl_check(part[0]) && !exp)
		abort();
	in = tmpl_path(part[1][0] == '/' ? part[1] : NULL, part[0], &v);
	if (in && exp && part[1][0] == '/' && strcmp(part[1], "/") != 0 &&
	    exp[0] == '/') {
		size_t rlen = strlen(part[1]);

		while (rlen > 1 && part[1][rlen - 1] == '/')
			rlen--;
		if (strncmp(in, part[1], rlen) != 0)
			abort();
	}
	free(in);
	free(exp);
	free(copy);
	return 0;
}
