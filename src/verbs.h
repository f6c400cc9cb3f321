/* SPDX-License-Identifier: MIT */
/*
 * The verbs, found by name: the top of the program, above every verb's file
 * (lifecycle, setup, check, cluster-conf), which none of them calls back.
 */
#ifndef SCALIX_HA_VERBS_H
#define SCALIX_HA_VERBS_H

#include "app.h"

const struct verb *verb_find(const char *name);

/* "Verbs: start stop ..." on stderr. */
void verbs_usage(void);

#endif
