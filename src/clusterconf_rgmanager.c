/* SPDX-License-Identifier: MIT */
/* cluster-conf --format=rgmanager: the instance as an rgmanager <service>. */
#include <arpa/inet.h>

#include "clusterconf_xml.h"

/* rgmanager: one <service>; fs, ip and script start in that order. */
static void rgmanager_body(struct xw *x, const struct cc_params *p)
{
	char addr[INET6_ADDRSTRLEN + 8];

	cc_address_with_prefix(p, addr, sizeof addr);
	x_start(x, "service");
	x_attr(x, "name", p->instance);
	x_attr(x, "autostart", "1");
	/* A failed instance gets a fresh node rather than a restart in place. */
	x_attr(x, "recovery", "relocate");

	x_start(x, "fs");
	x_attrf(x, "name", "scalix-%s-fs", p->instance);
	x_attr(x, "device", p->device);
	x_attr(x, "mountpoint", p->mountpoint);
	x_attr(x, "fstype", p->fstype);
	/* Whatever still holds the storage must not keep it from moving. */
	x_attr(x, "force_unmount", "1");
	x_end(x);

	x_start(x, "ip");
	x_attr(x, "address", addr);
	x_attr(x, "monitor_link", "1");
	x_end(x);

	x_start(x, "script");
	x_attrf(x, "name", "scalix-ha-%s", p->instance);
	x_attr(x, "file", p->script);
	/* rgmanager's timeouts are off by default: a hung stop blocks forever. */
	x_attr(x, "__enforce_timeouts", "1");
	x_start(x, "action");
	x_attr(x, "name", "start");
	x_attrf(x, "timeout", "%u", p->start_s);
	x_end(x);
	x_start(x, "action");
	x_attr(x, "name", "stop");
	x_attrf(x, "timeout", "%u", p->stop_s);
	x_end(x);
	x_start(x, "action");
	x_attr(x, "name", "status");
	x_attr(x, "depth", "0");
	x_attr(x, "interval", "30");
	x_attrf(x, "timeout", "%u", p->monitor_s);
	x_end(x);
	x_end(x); /* script */
	x_end(x); /* service */
}

int cc_write_rgmanager(FILE *out, const struct cc_params *p)
{
	return cc_write_xml(out, rgmanager_body, p);
}
