/* SPDX-License-Identifier: MIT */
/* Path templates (%i instance, %a az, %d OMDATADIR) and --root relocation. */
#ifndef SCALIX_HA_PATHTMPL_H
#define SCALIX_HA_PATHTMPL_H

#include <stdbool.h>

struct tmpl_vars {
	const char *instance;
	const char *az;
	const char *datadir;
};

/* NULL when tmpl is valid, else a static reason. */
const char *tmpl_check(const char *tmpl);

/* Expand tmpl; malloc'd result, NULL on an invalid template or no memory. */
char *tmpl_expand(const char *tmpl, const struct tmpl_vars *vars);

/* The path abs as seen inside root ("/" or NULL means the real root). */
char *path_in_root(const char *root, const char *abs);

/* tmpl_expand followed by path_in_root. */
char *tmpl_path(const char *root, const char *tmpl, const struct tmpl_vars *vars);

#endif
