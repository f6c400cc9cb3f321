/* SPDX-License-Identifier: MIT */
/* The LSB verbs: start, stop, restart, status and their kin, and list. */
#ifndef SCALIX_HA_LIFECYCLE_H
#define SCALIX_HA_LIFECYCLE_H

#include "app.h"

extern const struct verb lifecycle_verbs[];

#endif
