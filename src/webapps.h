/* SPDX-License-Identifier: MIT */
/* The Ubermanager: the management web applications on ADMIN_INSTANCE only. */
#ifndef SCALIX_HA_WEBAPPS_H
#define SCALIX_HA_WEBAPPS_H

#include "app.h"
#include "plan.h"

int plan_webapps(struct app *a, struct plan *p);

#endif
