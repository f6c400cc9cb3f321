/* SPDX-License-Identifier: MIT */
/* The check verb: the bulletin's prerequisites, with fixes. */
#ifndef SCALIX_HA_CHECKLIST_H
#define SCALIX_HA_CHECKLIST_H

#include "app.h"
#include "log.h"

struct checklist;

/* fmt as "ok" (fix NULL) or as a problem with the command that fixes it. */
void check_report(struct checklist *c, const char *fix, const char *fmt, ...)
	PRINTFLIKE(3, 4);

extern const struct verb check_verbs[];

#endif
