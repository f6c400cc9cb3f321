/* SPDX-License-Identifier: MIT */
/* What makes a registry invalid, found and reported. */
#include "registry_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "names.h"
#include "registry_build.h"

static int cmp_by_name(const void *a, const void *b, void *arg)
{
	const struct instance *inst = arg;

	return strcmp(inst[*(const size_t *)a].name, inst[*(const size_t *)b].name);
}

/* Duplicate names (sorted, so a 100,000-line file stays fast) and az clashes. */
void registry_check_collisions(struct registry *r)
{
	size_t *order, i;
	size_t *az_owner;

	if (r->ninst < 2)
		return;
	order = malloc(r->ninst * sizeof *order);
	az_owner = malloc(65536 * sizeof *az_owner);
	if (!order || !az_owner) {
		registry_add_error(r, 0, "out of memory");
		goto out;
	}
	for (i = 0; i < r->ninst; i++)
		order[i] = i;
	qsort_r(order, r->ninst, sizeof *order, cmp_by_name, r->inst);
	/* Each run of equal names: every later one names the earliest. */
	for (i = 0; i < r->ninst;) {
		size_t j, end = i + 1;
		const struct instance *first = &r->inst[order[i]];

		while (end < r->ninst &&
		       strcmp(r->inst[order[end]].name, first->name) == 0)
			end++;
		for (j = i; j < end; j++)
			if (r->inst[order[j]].first < first->first)
				first = &r->inst[order[j]];
		for (j = i; j < end; j++)
			if (&r->inst[order[j]] != first)
				registry_add_error(
					r, r->inst[order[j]].first + 1,
					"instance %s is registered twice (first at "
					"line %zu)",
					first->name, first->first + 1);
		i = end;
	}
	for (i = 0; i < 65536; i++)
		az_owner[i] = NO_LINE;
	for (i = 0; i < r->ninst; i++) {
		const struct instance *in = &r->inst[i];
		unsigned key = (unsigned char)in->az[0] << 8 | (unsigned char)in->az[1];

		if (az_owner[key] == NO_LINE) {
			az_owner[key] = i;
		} else if (strcmp(r->inst[az_owner[key]].name, in->name) != 0) {
			registry_add_error(
				r, in->first + 1,
				"instances %s and %s share the directory name \"%s\" "
				"(first and last character); rename one",
				r->inst[az_owner[key]].name, in->name, in->az);
		}
	}
out:
	free(order);
	free(az_owner);
}

void registry_check_record(struct registry *r, const struct instance *in,
			   size_t host_line, size_t datadir_line)
{
	if (!in->host)
		registry_add_error(r, in->first + 1, "instance %s has no OMHOSTNAME",
				   in->name);
	else if (!hostname_valid(in->host))
		registry_add_error(r, host_line + 1,
				   "instance %s: invalid OMHOSTNAME \"%s\"", in->name,
				   in->host);
	if (!in->datadir)
		registry_add_error(r, in->first + 1, "instance %s has no OMDATADIR",
				   in->name);
	else if (in->datadir[0] != '/')
		registry_add_error(
			r, datadir_line + 1,
			"instance %s: OMDATADIR \"%s\" is not an absolute path", in->name,
			in->datadir);
}
