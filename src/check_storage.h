/* SPDX-License-Identifier: MIT */
/*
 * check items for the cluster around the instances: fencing (the cluster
 * manager's configuration has fence devices) and storage (each instance's
 * volume group set up for the cluster stack here, out of boot-time
 * auto-activation).  Items of check.c's checklist, reported through
 * check_report.
 */
#ifndef SCALIX_HA_CHECK_STORAGE_H
#define SCALIX_HA_CHECK_STORAGE_H

#include "app.h"

struct checklist;

/* check.c: msg as "ok" (fix NULL) or as a problem with the command that fixes it. */
void check_report(struct checklist *c, const char *fix, const char *msg);

/* The cluster stack configured under the root: rgmanager when
 * /etc/cluster/cluster.conf exists, else Pacemaker when its CIB does. */
enum cluster_stack { STACK_NONE, STACK_RGMANAGER, STACK_PACEMAKER };
enum cluster_stack cluster_stack_of(const struct app *a);

void check_fencing(struct app *a, struct checklist *c);
void check_storage(struct app *a, struct checklist *c);

#endif
