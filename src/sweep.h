/* SPDX-License-Identifier: MIT */
/*
 * The sweep: the last step of every stop.  Whatever still has its cwd, root,
 * executable, an open or a mapped file under the instance directory gets TERM,
 * then KILL after KILL_GRACE.  Nothing elsewhere is ever signalled.
 */
#ifndef SCALIX_HA_SWEEP_H
#define SCALIX_HA_SWEEP_H

#include <sys/types.h>

#include "instance.h"

/* Returns how many processes survived (0: nothing of the instance is left). */
ssize_t sweep_instance(struct instance_ctx *c);

#endif
