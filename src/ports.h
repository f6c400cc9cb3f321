/* SPDX-License-Identifier: MIT */
/* ports: a cluster-wide unique Tomcat shutdown port for every instance. */
#ifndef SCALIX_HA_PORTS_H
#define SCALIX_HA_PORTS_H

#include "app.h"
#include "plan.h"

/* The Tomcat shutdown port of inst: SHUTDOWN_PORT_BASE + rank by name. */
unsigned shutdown_port(const struct app *a, const struct instance *inst);

/* Plan every instance's port, or with --check only report; an LSB code. */
int plan_ports(struct app *a, struct plan *p);

#endif
