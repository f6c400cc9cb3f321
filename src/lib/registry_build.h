/* SPDX-License-Identifier: MIT */
/*
 * Inside the registry: how its lines and records are built, shared by the
 * parser (registry.c), its checks (registry_check.c) and the editor
 * (registry_edit.c).  Defined in registry.c.
 */
#ifndef SCALIX_HA_REGISTRY_BUILD_H
#define SCALIX_HA_REGISTRY_BUILD_H

#include <stddef.h>

#include "log.h"
#include "registry.h"

/* No such line: an instance's autostart_line without OMAUTOSTART. */
#define NO_LINE ((size_t)-1)

/* Keep "path:line: what" (line 1-based, 0: none) among r's errors. */
void registry_add_error(struct registry *r, size_t line, const char *fmt, ...)
	PRINTFLIKE(3, 4);

/* Append a line (owned: what to free with it, or NULL); 0 or -1 (ENOMEM). */
int registry_push_line(struct registry *r, const char *text, size_t len, char *owned);

/* A new zeroed record at the end, or NULL (ENOMEM). */
struct instance *registry_push_instance(struct registry *r);

/* Length of a line's content, without its "\n" (a final "\r" is left to
 * kv_parse_line, the rest of a CRLF line end). */
size_t registry_content_len(const char *text, size_t len);

#endif
