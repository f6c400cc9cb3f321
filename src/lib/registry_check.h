/* SPDX-License-Identifier: MIT */
/* Inside the registry: what makes it invalid.  For registry.c only. */
#ifndef SCALIX_HA_REGISTRY_CHECK_H
#define SCALIX_HA_REGISTRY_CHECK_H

#include <stddef.h>

#include "registry.h"

/* One record complete: host and data directory present and valid. */
void registry_check_record(struct registry *r, const struct instance *in,
			   size_t host_line, size_t datadir_line);

/* Across records: names registered twice, and directory names (az) shared. */
void registry_check_collisions(struct registry *r);

#endif
