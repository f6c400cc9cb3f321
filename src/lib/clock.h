/* SPDX-License-Identifier: MIT */
/* Time for deadlines: the monotonic clock in milliseconds. */
#ifndef SCALIX_HA_CLOCK_H
#define SCALIX_HA_CLOCK_H

#include <stdint.h>

/* Monotonic milliseconds, for deadlines and step durations. */
int64_t now_ms(void);

/* Sleep for ms milliseconds, restarting after signals. */
void sleep_ms(int64_t ms);

#endif
