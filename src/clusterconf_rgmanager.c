/* SPDX-License-Identifier: MIT */
/*
 * cluster-conf --format=rgmanager: the <rm> section of cluster.conf.  Per
 * instance an ordered, restricted failover domain (its preferred node first,
 * nofailback) and a <service> whose resources rgmanager starts in the order
 * its service agent declares: lvm, fs, ip, script.  Every element and
 * attribute is one rgmanager's agents declare (tests/cluster/rgmanager-attrs.txt).
 */
#include <arpa/inet.h>
#include <string.h>

#include "clusterconf_xml.h"

static const char note[] =
	"<!-- scalix-ha cluster-conf: the <rm> section of /etc/cluster/cluster.conf.\n"
	"     Fencing: every <clusternode> needs a <fence> method and the devices\n"
	"     belong in <fencedevices>, outside <rm>.  Without fencing no node may\n"
	"     take over shared storage: a node that only seems dead could still be\n"
	"     writing to it.  scalix-ha check reports a cluster without them. -->\n";

static void failover_domain(struct xw *x, const struct cc_params *p,
			    const struct cc_service *s)
{
	char *const *n;
	unsigned prio = 2;

	x_start(x, "failoverdomain");
	x_attrf(x, "name", "scalix-%s", s->instance);
	x_attr(x, "ordered", "1");
	/* Only the cluster's nodes; a recovered node does not pull it back. */
	x_attr(x, "restricted", "1");
	x_attr(x, "nofailback", "1");
	x_start(x, "failoverdomainnode");
	x_attr(x, "name", s->node);
	x_attr(x, "priority", "1");
	x_end(x);
	for (n = p->nodes; *n; n++) {
		if (strcmp(*n, s->node) == 0)
			continue;
		x_start(x, "failoverdomainnode");
		x_attr(x, "name", *n);
		x_attrf(x, "priority", "%u", prio++);
		x_end(x);
	}
	x_end(x);
}

static void action(struct xw *x, const char *name, unsigned timeout_s)
{
	x_start(x, "action");
	x_attr(x, "name", name);
	if (strcmp(name, "status") == 0) {
		x_attr(x, "depth", "0");
		x_attr(x, "interval", "30");
	}
	x_attrf(x, "timeout", "%u", timeout_s);
	x_end(x);
}

static void service(struct xw *x, const struct cc_params *p, const struct cc_service *s)
{
	char addr[INET6_ADDRSTRLEN + 8];

	cc_address_with_prefix(s, addr, sizeof addr);
	x_start(x, "service");
	x_attr(x, "name", s->instance);
	x_attrf(x, "domain", "scalix-%s", s->instance);
	x_attr(x, "autostart", "1");
	/* A failed instance gets a fresh node rather than a restart in place. */
	x_attr(x, "recovery", "relocate");

	if (s->vg) {
		/* HA-LVM: the volume group active on this node only. */
		x_start(x, "lvm");
		x_attrf(x, "name", "scalix-%s-lvm", s->instance);
		x_attr(x, "vg_name", s->vg);
		x_end(x);
	}

	x_start(x, "fs");
	x_attrf(x, "name", "scalix-%s-fs", s->instance);
	x_attr(x, "device", s->device);
	x_attr(x, "mountpoint", s->mountpoint);
	x_attr(x, "fstype", s->fstype);
	/* Whatever still holds the storage must not keep it from moving. */
	x_attr(x, "force_unmount", "1");
	x_end(x);

	x_start(x, "ip");
	x_attr(x, "address", addr);
	x_attr(x, "monitor_link", "1");
	x_end(x);

	x_start(x, "script");
	x_attrf(x, "name", "scalix-ha-%s", s->instance);
	x_attr(x, "file", s->script);
	/* rgmanager's timeouts are off by default: a hung stop blocks forever. */
	x_attr(x, "__enforce_timeouts", "1");
	action(x, "start", p->start_s);
	action(x, "stop", p->stop_s);
	action(x, "status", p->monitor_s);
	x_end(x); /* script */
	x_end(x); /* service */
}

static void rgmanager_body(struct xw *x, const struct cc_params *p)
{
	size_t i;

	x_start(x, "rm");
	x_start(x, "failoverdomains");
	for (i = 0; i < p->nsvc; i++)
		failover_domain(x, p, &p->svc[i]);
	x_end(x);
	for (i = 0; i < p->nsvc; i++)
		service(x, p, &p->svc[i]);
	x_end(x); /* rm */
}

int cc_write_rgmanager(FILE *out, const struct cc_params *p)
{
	return cc_write_xml(out, note, rgmanager_body, p);
}
