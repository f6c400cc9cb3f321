/* SPDX-License-Identifier: MIT */
/*
 * The registry rewritten (register): every line kept as it was read, but
 * those it means to change.  Only a registry read by registry_load.
 */
#ifndef SCALIX_HA_REGISTRY_EDIT_H
#define SCALIX_HA_REGISTRY_EDIT_H

#include <stddef.h>

#include "registry.h"

/* Set OMAUTOSTART=FALSE in every record; returns how many lines changed.
 * This and the two below refuse a registry read by registry_scan (EINVAL). */
int registry_disable_autostart(struct registry *r);

/* Append a record; the caller validated the fields.  0, or -1 (ENOMEM). */
int registry_append(struct registry *r, const char *name, const char *host,
		    const char *datadir, const char *autostart);

/* The whole file as it would be written; malloc'd, *len set. */
char *registry_serialize(const struct registry *r, size_t *len);

#endif
