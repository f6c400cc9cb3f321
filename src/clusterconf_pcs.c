/* SPDX-License-Identifier: MIT */
/* cluster-conf --format=pcs: the pcs commands that build the CIB form. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterconf.h"
#include "names.h"

/* One word for sh: as is when harmless, else single-quoted. */
static void sh_word(FILE *out, const char *w)
{
	const char *c;
	bool plain = *w != '\0';

	for (c = w; *c && plain; c++)
		if (!isalnum((unsigned char)*c) && !strchr("/._:=,+@%-", *c))
			plain = false;
	if (plain) {
		fputs(w, out);
		return;
	}
	fputc('\'', out);
	for (c = w; *c; c++)
		if (*c == '\'')
			fputs("'\\''", out);
		else
			fputc(*c, out);
	fputc('\'', out);
}

/* " NAME=VALUE" as one word; false when out of memory. */
static bool sh_pair(FILE *out, const char *name, const char *value)
{
	char *w;

	if (asprintf(&w, "%s=%s", name, value) < 0)
		return false;
	fputc(' ', out);
	sh_word(out, w);
	free(w);
	return true;
}

int cc_write_pcs(FILE *out, const struct cc_params *p)
{
	char group[INSTANCE_NAME_MAX + 16], prefix[12];
	bool ok;

	snprintf(group, sizeof group, "scalix-%s", p->instance);
	fprintf(out, "pcs resource create %s-fs ocf:heartbeat:Filesystem", group);
	ok = sh_pair(out, "device", p->device) &&
	     sh_pair(out, "directory", p->mountpoint) &&
	     sh_pair(out, "fstype", p->fstype);
	fprintf(out,
		" op start timeout=60s op stop timeout=60s"
		" op monitor interval=20s timeout=40s --group %s\n",
		group);

	fprintf(out, "pcs resource create %s-ip ocf:heartbeat:IPaddr2", group);
	ok = ok && sh_pair(out, "ip", p->addr);
	if (p->prefix >= 0) {
		snprintf(prefix, sizeof prefix, "%d", p->prefix);
		ok = ok && sh_pair(out, "cidr_netmask", prefix);
	}
	fprintf(out,
		" op start timeout=20s op stop timeout=20s"
		" op monitor interval=10s timeout=20s --group %s\n",
		group);

	fprintf(out, "pcs resource create %s-instance ocf:scalix:instance", group);
	ok = ok && sh_pair(out, "instance", p->instance);
	fprintf(out,
		" op start timeout=%us op stop timeout=%us"
		" op monitor interval=30s timeout=%us"
		" op monitor interval=120s timeout=%us OCF_CHECK_LEVEL=10 --group %s\n",
		p->start_s, p->stop_s, p->monitor_s, p->deep_monitor_s, group);
	return ok && !ferror(out) ? 0 : -1;
}
