/* SPDX-License-Identifier: MIT */
/* autostart: the vendor's services off at boot, their state kept to restore. */
#ifndef SCALIX_HA_BOOTSTART_H
#define SCALIX_HA_BOOTSTART_H

#include <stdbool.h>

#include "app.h"
#include "plan.h"

int plan_bootstart(struct app *a, struct plan *p, bool restore);

#endif
