/* SPDX-License-Identifier: MIT */
/*
 * How a stop takes the instance lock from a start that holds it.  A stop
 * never acts without the lock: a start that went on behind it would leave
 * the instance half up while the stop reports it stopped.  So a stop waits
 * STOP_TIMEOUT, then asks a start that holds the lock to give up (TERM: the
 * start kills its vendor command, stops what it started and exits 1), and
 * waits for that undo, all within the stop's own deadline.
 */
#ifndef SCALIX_HA_HANDOVER_H
#define SCALIX_HA_HANDOVER_H

#include "instance.h"

/* The lock descriptor, or -1 (reported) when it could not be had in time. */
int stop_take_lock(struct instance_ctx *c, int64_t deadline);

#endif
