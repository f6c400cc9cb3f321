/* SPDX-License-Identifier: MIT */
/* cluster-conf --format=pcs: the pcs commands that build the CIB form. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clusterconf.h"
#include "names.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define CC_PREFER_SCORE_WORD STR(CC_PREFER_SCORE)

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

static const char note[] =
	"# scalix-ha cluster-conf: pcs commands; run them on one node against a\n"
	"# copy of the CIB, then push it, so that nothing starts half-configured:\n"
	"#   pcs cluster cib scalix.cib; pcs -f scalix.cib COMMAND...;\n"
	"#   pcs cluster cib-push scalix.cib --config\n"
	"# Fencing: leave stonith-enabled true and create a fence device for every\n"
	"# node (pcs stonith create; pcs stonith list shows the agents).  Without\n"
	"# fencing no node may take over shared storage: a node that only seems\n"
	"# dead could still be writing to it.  scalix-ha check reports a cluster\n"
	"# without them.\n";

/* The same resources, ids and constraints as clusterconf_cib.c writes. */
static bool group(FILE *out, const struct cc_params *p, const struct cc_service *s)
{
	char group[INSTANCE_NAME_MAX + 16], prefix[12];
	bool ok = true;

	snprintf(group, sizeof group, "scalix-%s", s->instance);
	if (s->vg) {
		fprintf(out, "pcs resource create %s-lvm ocf:heartbeat:LVM-activate",
			group);
		ok = sh_pair(out, "vgname", s->vg) &&
		     sh_pair(out, "vg_access_mode", "system_id");
		fprintf(out,
			" op start timeout=90s op stop timeout=90s"
			" op monitor interval=30s timeout=90s --group %s\n",
			group);
	}

	fprintf(out, "pcs resource create %s-fs ocf:heartbeat:Filesystem", group);
	ok = ok && sh_pair(out, "device", s->device) &&
	     sh_pair(out, "directory", s->mountpoint) &&
	     sh_pair(out, "fstype", s->fstype);
	fprintf(out,
		" op start timeout=60s op stop timeout=60s"
		" op monitor interval=20s timeout=40s --group %s\n",
		group);

	fprintf(out, "pcs resource create %s-ip ocf:heartbeat:IPaddr2", group);
	ok = ok && sh_pair(out, "ip", s->addr);
	if (s->prefix >= 0) {
		snprintf(prefix, sizeof prefix, "%d", s->prefix);
		ok = ok && sh_pair(out, "cidr_netmask", prefix);
	}
	fprintf(out,
		" op start timeout=20s op stop timeout=20s"
		" op monitor interval=10s timeout=20s --group %s\n",
		group);

	fprintf(out, "pcs resource create %s-instance ocf:scalix:instance", group);
	ok = ok && sh_pair(out, "instance", s->instance);
	fprintf(out,
		" op start timeout=%us op stop timeout=%us"
		" op monitor interval=30s timeout=%us"
		" op monitor interval=120s timeout=%us OCF_CHECK_LEVEL=10 --group %s\n",
		p->start_s, p->stop_s, p->monitor_s, p->deep_monitor_s, group);
	fprintf(out, "pcs resource meta %s resource-stickiness=%d\n", group,
		CC_STICKINESS);
	fprintf(out, "pcs constraint location %s prefers", group);
	return ok && sh_pair(out, s->node, CC_PREFER_SCORE_WORD) &&
	       fputc('\n', out) != EOF;
}

int cc_write_pcs(FILE *out, const struct cc_params *p)
{
	bool ok = fputs(note, out) >= 0;
	size_t i;

	for (i = 0; i < p->nsvc && ok; i++)
		ok = group(out, p, &p->svc[i]);
	return ok && !ferror(out) ? 0 : -1;
}
