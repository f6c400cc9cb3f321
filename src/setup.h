/*
 * The configuration steps of the vendor's manual procedure, each as a
 * planner: it reads the node, validates everything, and adds to a plan the
 * changes still needed.  Nothing is changed until every planner succeeded.
 * Each returns an LSB code: 0, 2 (arguments), 6 (bad input) or 1.
 */
#ifndef SCALIX_HA_SETUP_H
#define SCALIX_HA_SETUP_H

#include "app.h"
#include "plan.h"

int plan_register(struct app *a, struct plan *p, char **args, size_t n);
int plan_ports(struct app *a, struct plan *p);
int plan_connectors(struct app *a, struct plan *p);
int plan_bootstart(struct app *a, struct plan *p, bool restore);
int plan_webapps(struct app *a, struct plan *p);

/* The Tomcat shutdown port of inst: SHUTDOWN_PORT_BASE + rank by name. */
unsigned shutdown_port(const struct app *a, const struct instance *inst);

/* The sorted, comma-separated list of every registered instance. */
char *worker_list(const struct app *a);

/* The instance's storage is mounted on this node. */
bool instance_mounted(const struct app *a, const struct instance *inst);

/* Expand a template for inst inside the root; malloc'd. */
char *instance_path(const struct app *a, const char *tmpl, const struct instance *inst);

extern const struct verb setup_verbs[];

/* Apply p (or show it with --dry-run); the code of the verb. */
int setup_apply(struct app *a, struct plan *p);

#endif
