/* SPDX-License-Identifier: MIT */
/* The check verb: the bulletin's prerequisites, with fixes. */
#ifndef SCALIX_HA_CHECKLIST_H
#define SCALIX_HA_CHECKLIST_H

#include "app.h"

extern const struct verb check_verbs[];

#endif
