/* SPDX-License-Identifier: MIT */
/*
 * The cluster's layout in the settings file, so that every node generates
 * the same configuration: CLUSTER_NODES and, per instance, <INSTANCE>_NODE
 * (its preferred node), _IP, _DEVICE and _FSTYPE.  <INSTANCE> is the name in
 * capitals, '-' as '_' (mail1: MAIL1_IP).  The values are kept as written and
 * checked where they are used, so a typo there never stops an instance.
 */
#ifndef SCALIX_HA_CLUSTERKEYS_H
#define SCALIX_HA_CLUSTERKEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "kv.h"
#include "settings.h"

struct instance_key {
	char key[KV_KEY_MAX];
	char *value;
};

/* Node names, each once: NULL or the reason they are not. */
const char *cluster_nodes_check(char **nodes);

/* CLUSTER_NODES (or --nodes) from its words: NULL or the reason they are wrong. */
const char *clusterkeys_set_nodes(struct settings *s, const char *value);

/* True when key is an instance key (kept, a later one wins); *why is NULL
 * or "out of memory". */
bool clusterkeys_take(struct settings *s, const char *key, const char *value,
		      const char **why);

/* The value of <INSTANCE>_<suffix>, or NULL when not set. */
const char *clusterkeys_get(const struct settings *s, const char *instance,
			    const char *suffix);

/* The node name rules: a host name's characters, 1 to 64 of them. */
bool cluster_node_valid(const char *node);

/* True when node is one of CLUSTER_NODES. */
bool cluster_node_known(const struct settings *s, const char *node);

void clusterkeys_free(struct settings *s);

#endif
