/* SPDX-License-Identifier: MIT */
#include "pathtmpl.h"

#include <stdlib.h>
#include <string.h>

const char *tmpl_check(const char *tmpl)
{
	const char *p;

	for (p = tmpl; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '\0')
			return "template ends in a lone '%'";
		if (!strchr("iad%", *p))
			return "unknown template escape (use %i, %a, %d or %%)";
	}
	return NULL;
}

char *tmpl_expand(const char *tmpl, const struct tmpl_vars *vars)
{
	size_t cap = strlen(tmpl) + 1, n = 0;
	const char *p;
	char *out;

	if (tmpl_check(tmpl))
		return NULL;
	/* tmpl_check passed: every '%' is followed by one of "iad%". */
	for (p = tmpl; *p; p++)
		if (*p == '%') {
			const char *v = p[1] == 'i' ? vars->instance :
					p[1] == 'a' ? vars->az :
					p[1] == 'd' ? vars->datadir :
						      NULL;
			cap += v ? strlen(v) : 0;
			p++;
		}
	out = malloc(cap);
	if (!out)
		return NULL;
	for (p = tmpl; *p; p++) {
		const char *v;
		size_t len;

		if (*p != '%') {
			out[n++] = *p;
			continue;
		}
		p++;
		if (*p == '%') {
			out[n++] = '%';
			continue;
		}
		v = *p == 'i' ? vars->instance : *p == 'a' ? vars->az : vars->datadir;
		len = v ? strlen(v) : 0;
		memcpy(out + n, v ? v : "", len);
		n += len;
	}
	out[n] = '\0';
	return out;
}

char *path_in_root(const char *root, const char *abs)
{
	size_t rlen, alen;
	char *out;

	if (!root || strcmp(root, "/") == 0 || abs[0] != '/')
		return strdup(abs);
	rlen = strlen(root);
	while (rlen > 1 && root[rlen - 1] == '/')
		rlen--;
	alen = strlen(abs);
	out = malloc(rlen + alen + 1);
	if (!out)
		return NULL;
	memcpy(out, root, rlen);
	memcpy(out + rlen, abs, alen + 1);
	return out;
}

char *tmpl_path(const char *root, const char *tmpl, const struct tmpl_vars *vars)
{
	char *exp = tmpl_expand(tmpl, vars), *out;

	if (!exp)
		return NULL;
	out = path_in_root(root, exp);
	free(exp);
	return out;
}
