/* SPDX-License-Identifier: MIT */
/* connectors: the Apache connector files every node needs for every instance. */
#ifndef SCALIX_HA_CONNECTORS_H
#define SCALIX_HA_CONNECTORS_H

#include "app.h"
#include "plan.h"

/* The sorted, comma-separated list of every registered instance. */
char *worker_list(const struct app *a);

int plan_connectors(struct app *a, struct plan *p);

#endif
