/* SPDX-License-Identifier: MIT */
/* The look of Red Hat's "action": a message, then [  OK  ] or [FAILED]. */
#ifndef SCALIX_HA_ACTION_H
#define SCALIX_HA_ACTION_H

#include <stdbool.h>

/* Print "msg" and the result at column 60, on a terminal only. */
void action_report(const char *msg, bool ok);

#endif
