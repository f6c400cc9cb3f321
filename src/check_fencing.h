/* SPDX-License-Identifier: MIT */
/*
 * The fencing check item (the cluster manager's configuration has fence
 * devices), and which cluster stack is configured here.  An item of
 * checklist.c's table, reported through check_report.
 */
#ifndef SCALIX_HA_CHECK_FENCING_H
#define SCALIX_HA_CHECK_FENCING_H

#include "app.h"

struct checklist;

/* The cluster stack configured under the root: rgmanager when
 * /etc/cluster/cluster.conf exists, else Pacemaker when its CIB does. */
enum cluster_stack { STACK_NONE, STACK_RGMANAGER, STACK_PACEMAKER };
enum cluster_stack cluster_stack_of(const struct app *a);

void check_fencing(struct app *a, struct checklist *c);

#endif
