/* SPDX-License-Identifier: MIT */
/* cluster-conf --format=cib: the instance as a Pacemaker CIB <group>. */
#include <stdio.h>

#include "clusterconf_xml.h"
#include "names.h"

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
static void cib_body(struct xw *x, const struct cc_params *p)
{
	char group[INSTANCE_NAME_MAX + 16], prim[INSTANCE_NAME_MAX + 32];
	char ia[INSTANCE_NAME_MAX + 64], prefix[12];

	/* IDs are XML names: "scalix-" keeps a leading digit out. */
	snprintf(group, sizeof group, "scalix-%s", p->instance);
	x_start(x, "group");
	x_attr(x, "id", group);

	cib_primitive_start(x, group, "fs", "heartbeat", "Filesystem", prim, sizeof prim,
			    ia, sizeof ia);
	cib_nvpair(x, ia, "device", p->device);
	cib_nvpair(x, ia, "directory", p->mountpoint);
	cib_nvpair(x, ia, "fstype", p->fstype);
	cib_operations_start(x);
	cib_op(x, prim, "start", 0, 60, 0);
	cib_op(x, prim, "stop", 0, 60, 0);
	cib_op(x, prim, "monitor", 20, 40, 0);
	cib_primitive_end(x);

	cib_primitive_start(x, group, "ip", "heartbeat", "IPaddr2", prim, sizeof prim, ia,
			    sizeof ia);
	cib_nvpair(x, ia, "ip", p->addr);
	if (p->prefix >= 0) {
		snprintf(prefix, sizeof prefix, "%d", p->prefix);
		cib_nvpair(x, ia, "cidr_netmask", prefix);
	}
	cib_operations_start(x);
	cib_op(x, prim, "start", 0, 20, 0);
	cib_op(x, prim, "stop", 0, 20, 0);
	cib_op(x, prim, "monitor", 10, 20, 0);
	cib_primitive_end(x);

	cib_primitive_start(x, group, "instance", "scalix", "instance", prim, sizeof prim,
			    ia, sizeof ia);
	cib_nvpair(x, ia, "instance", p->instance);
	cib_operations_start(x);
	cib_op(x, prim, "start", 0, p->start_s, 0);
	cib_op(x, prim, "stop", 0, p->stop_s, 0);
	cib_op(x, prim, "monitor", 30, p->monitor_s, 0);
	cib_op(x, prim, "monitor", 120, p->deep_monitor_s, 10);
	cib_primitive_end(x);

	x_end(x); /* group */
}

int cc_write_cib(FILE *out, const struct cc_params *p)
{
	return cc_write_xml(out, cib_body, p);
}
