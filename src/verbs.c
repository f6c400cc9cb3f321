/* SPDX-License-Identifier: MIT */
/* Every verb the helper offers: each file's table, in the order --help lists. */
#include "verbs.h"

#include <stdio.h>
#include <string.h>

#include "checklist.h"
#include "clusterconf.h"
#include "lifecycle.h"
#include "setup.h"

static const struct verb *const tables[] = { lifecycle_verbs, setup_verbs, check_verbs,
					     clusterconf_verbs };

const struct verb *verb_find(const char *name)
{
	const struct verb *v;
	size_t t;

	for (t = 0; t < sizeof tables / sizeof tables[0]; t++)
		for (v = tables[t]; v->name; v++)
			if (strcmp(v->name, name) == 0)
				return v;
	return NULL;
}

void verbs_usage(void)
{
	const struct verb *v;
	size_t t;

	fprintf(stderr, "Verbs:");
	for (t = 0; t < sizeof tables / sizeof tables[0]; t++)
		for (v = tables[t]; v->name; v++)
			fprintf(stderr, " %s", v->name);
	fprintf(stderr, "\n");
}
