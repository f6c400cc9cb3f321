/* SPDX-License-Identifier: MIT */
/*
 * The configuration verbs: each runs planners (ports.h, connectors.h,
 * bootstart.h, webapps.h, register.h) that read the node, validate
 * everything, and add to a plan the changes still needed.  Nothing is
 * changed until every planner succeeded.
 */
#ifndef SCALIX_HA_SETUP_H
#define SCALIX_HA_SETUP_H

#include "app.h"
#include "plan.h"

extern const struct verb setup_verbs[];

/* Apply p (or show it with --dry-run); the code of the verb. */
int setup_apply(struct app *a, struct plan *p);

#endif
