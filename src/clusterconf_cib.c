/* SPDX-License-Identifier: MIT */
/*
 * cluster-conf --format=cib: a CIB <configuration> fragment.  Per instance a
 * <group> whose members start in document order (LVM-activate with
 * system_id, Filesystem, IPaddr2, the instance) and stay where they run
 * (resource-stickiness), and in <constraints> a preference for its node.
 * The ids are those pcs gives the same resources (see clusterconf_pcs.c).
 */
#include <stdio.h>

#include "clusterconf_xml.h"
#include "names.h"

static const char note[] =
	"<!-- scalix-ha cluster-conf: give the content of <resources> to\n"
	"     cibadmin -C -o resources and that of <constraints> to\n"
	"     cibadmin -C -o constraints (scalix-ha(8) shows how).\n"
	"     Fencing: leave stonith-enabled true and create a fence device for\n"
	"     every node (pcs stonith create; pcs stonith list shows the agents)\n"
	"     before these groups may start.  Without fencing no node may take\n"
	"     over shared storage: a node that only seems dead could still be\n"
	"     writing to it.  scalix-ha check reports a cluster without them. -->\n";

static void cib_nvpair(struct xw *x, const char *owner, const char *name,
		       const char *value)
{
	x_start(x, "nvpair");
	x_attrf(x, "id", "%s-%s", owner, name);
	x_attr(x, "name", name);
	x_attr(x, "value", value);
	x_end(x);
}

/* One <op>; depth > 0 adds OCF_CHECK_LEVEL. */
static void cib_op(struct xw *x, const char *prim, const char *name, unsigned interval_s,
		   unsigned timeout_s, int depth)
{
	char id[160], ia[200], level[12];

	snprintf(id, sizeof id, "%s-%s-interval-%us", prim, name, interval_s);
	x_start(x, "op");
	x_attr(x, "id", id);
	x_attr(x, "name", name);
	x_attrf(x, "interval", "%us", interval_s);
	x_attrf(x, "timeout", "%us", timeout_s);
	if (depth > 0) {
		snprintf(ia, sizeof ia, "%s-instance_attributes", id);
		snprintf(level, sizeof level, "%d", depth);
		x_start(x, "instance_attributes");
		x_attr(x, "id", ia);
		cib_nvpair(x, ia, "OCF_CHECK_LEVEL", level);
		x_end(x);
	}
	x_end(x);
}

/*
 * Opens <primitive id="GROUP-SUFFIX" class="ocf"> and its <instance_attributes>;
 * prim and ia receive the ids that the nvpairs and operations are named after.
 */
static void cib_primitive_start(struct xw *x, const char *group, const char *suffix,
				const char *provider, const char *type, char *prim,
				size_t primlen, char *ia, size_t ialen)
{
	snprintf(prim, primlen, "%s-%s", group, suffix);
	snprintf(ia, ialen, "%s-instance_attributes", prim);
	x_start(x, "primitive");
	x_attr(x, "id", prim);
	x_attr(x, "class", "ocf");
	x_attr(x, "provider", provider);
	x_attr(x, "type", type);
	x_start(x, "instance_attributes");
	x_attr(x, "id", ia);
}

/* Closes <instance_attributes>, opens <operations>. */
static void cib_operations_start(struct xw *x)
{
	x_end(x);
	x_start(x, "operations");
}

/* Closes <operations> and the <primitive>. */
static void cib_primitive_end(struct xw *x)
{
	x_end(x);
	x_end(x);
}

/* Pacemaker: a <group>, whose members start in document order. */
static void group(struct xw *x, const struct cc_params *p, const struct cc_service *s)
{
	char group[INSTANCE_NAME_MAX + 16], prim[INSTANCE_NAME_MAX + 32];
	char ia[INSTANCE_NAME_MAX + 64], prefix[12];

	/* IDs are XML names: "scalix-" keeps a leading digit out. */
	snprintf(group, sizeof group, "scalix-%s", s->instance);
	x_start(x, "group");
	x_attr(x, "id", group);

	if (s->vg) {
		/* HA-LVM: the VG's system ID names the one node that may use it. */
		cib_primitive_start(x, group, "lvm", "heartbeat", "LVM-activate", prim,
				    sizeof prim, ia, sizeof ia);
		cib_nvpair(x, ia, "vgname", s->vg);
		cib_nvpair(x, ia, "vg_access_mode", "system_id");
		cib_operations_start(x);
		/* The agent's own meta-data figures. */
		cib_op(x, prim, "start", 0, 90, 0);
		cib_op(x, prim, "stop", 0, 90, 0);
		cib_op(x, prim, "monitor", 30, 90, 0);
		cib_primitive_end(x);
	}

	cib_primitive_start(x, group, "fs", "heartbeat", "Filesystem", prim, sizeof prim,
			    ia, sizeof ia);
	cib_nvpair(x, ia, "device", s->device);
	cib_nvpair(x, ia, "directory", s->mountpoint);
	cib_nvpair(x, ia, "fstype", s->fstype);
	cib_operations_start(x);
	cib_op(x, prim, "start", 0, 60, 0);
	cib_op(x, prim, "stop", 0, 60, 0);
	cib_op(x, prim, "monitor", 20, 40, 0);
	cib_primitive_end(x);

	cib_primitive_start(x, group, "ip", "heartbeat", "IPaddr2", prim, sizeof prim, ia,
			    sizeof ia);
	cib_nvpair(x, ia, "ip", s->addr);
	if (s->prefix >= 0) {
		snprintf(prefix, sizeof prefix, "%d", s->prefix);
		cib_nvpair(x, ia, "cidr_netmask", prefix);
	}
	cib_operations_start(x);
	cib_op(x, prim, "start", 0, 20, 0);
	cib_op(x, prim, "stop", 0, 20, 0);
	cib_op(x, prim, "monitor", 10, 20, 0);
	cib_primitive_end(x);

	cib_primitive_start(x, group, "instance", "scalix", "instance", prim, sizeof prim,
			    ia, sizeof ia);
	cib_nvpair(x, ia, "instance", s->instance);
	cib_operations_start(x);
	cib_op(x, prim, "start", 0, p->start_s, 0);
	cib_op(x, prim, "stop", 0, p->stop_s, 0);
	cib_op(x, prim, "monitor", 30, p->monitor_s, 0);
	cib_op(x, prim, "monitor", 120, p->deep_monitor_s, 10);
	cib_primitive_end(x);

	/* Above the location preference: a recovered node pulls nothing back. */
	snprintf(ia, sizeof ia, "%s-meta_attributes", group);
	x_start(x, "meta_attributes");
	x_attr(x, "id", ia);
	snprintf(prefix, sizeof prefix, "%d", CC_STICKINESS);
	cib_nvpair(x, ia, "resource-stickiness", prefix);
	x_end(x);

	x_end(x); /* group */
}

static void cib_body(struct xw *x, const struct cc_params *p)
{
	size_t i;

	x_start(x, "configuration");
	x_start(x, "resources");
	for (i = 0; i < p->nsvc; i++)
		group(x, p, &p->svc[i]);
	x_end(x);
	x_start(x, "constraints");
	for (i = 0; i < p->nsvc; i++) {
		x_start(x, "rsc_location");
		x_attrf(x, "id", "location-scalix-%s-%s-%d", p->svc[i].instance,
			p->svc[i].node, CC_PREFER_SCORE);
		x_attrf(x, "rsc", "scalix-%s", p->svc[i].instance);
		x_attr(x, "node", p->svc[i].node);
		x_attrf(x, "score", "%d", CC_PREFER_SCORE);
		x_end(x);
	}
	x_end(x);
	x_end(x); /* configuration */
}

int cc_write_cib(FILE *out, const struct cc_params *p)
{
	return cc_write_xml(out, note, cib_body, p);
}
