/* SPDX-License-Identifier: MIT */
/* register: every instance known on every node, autostart off, init names. */
#ifndef SCALIX_HA_REGISTER_H
#define SCALIX_HA_REGISTER_H

#include <stddef.h>

#include "app.h"
#include "plan.h"

/* args: at most one instance to add (--hostname); --merge reads another node's. */
int plan_register(struct app *a, struct plan *p, char **args, size_t n);

#endif
