/* SPDX-License-Identifier: MIT */
/*
 * Readiness: a sub-service counts as started only when it serves, as its
 * S_READY probe (readyspec.h) tells; an http probe without a port looks at
 * the HTTP connector's port in TOMCAT_BASE/conf/server.xml, else 8080.
 */
#ifndef SCALIX_HA_READINESS_H
#define SCALIX_HA_READINESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct instance_ctx;

/* One look, within the deadline and STATUS_TIMEOUT; why says what failed. */
bool readiness_check(struct instance_ctx *c, size_t i, int64_t deadline, char *why,
		     size_t len);

/*
 * Look again and again until sub-service i serves or the deadline; fails
 * early when the sub-service stops running (a Tomcat dead on a taken port).
 */
bool readiness_wait(struct instance_ctx *c, size_t i, int64_t deadline, char *why,
		    size_t len);

#endif
