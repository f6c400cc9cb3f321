/* SPDX-License-Identifier: MIT */
/*
 * The storage check item: each instance's volume group set up for the
 * cluster stack here, out of boot-time auto-activation.  An item of
 * checklist.c's table, reported through check_report.
 */
#ifndef SCALIX_HA_CHECK_STORAGE_H
#define SCALIX_HA_CHECK_STORAGE_H

#include "app.h"

struct checklist;

void check_storage(struct app *a, struct checklist *c);

#endif
