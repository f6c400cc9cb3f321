/* SPDX-License-Identifier: MIT */
/* Inside the settings: one KEY=value applied.  For settings.c only. */
#ifndef SCALIX_HA_SETTINGS_KEYS_H
#define SCALIX_HA_SETTINGS_KEYS_H

#include <stdbool.h>

#include "settings.h"

/* Apply one assignment; NULL or the reason it is wrong (*unknown: no such key). */
const char *settings_apply(struct settings *s, const char *key, const char *value,
			   bool *unknown);

#endif
