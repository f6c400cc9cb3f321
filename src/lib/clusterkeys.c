/* SPDX-License-Identifier: MIT */
/* The cluster's layout keys of the settings file; see clusterkeys.h. */
#include "clusterkeys.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settings_services.h"
#include "words.h"

static const char *const suffixes[] = { "NODE", "IP", "DEVICE", "FSTYPE" };

bool cluster_node_valid(const char *node)
{
	size_t i, len = strlen(node);

	if (len == 0 || len > 64 || !isalnum((unsigned char)node[0]))
		return false;
	for (i = 1; i < len; i++)
		if (!isalnum((unsigned char)node[i]) && !strchr("._-", node[i]))
			return false;
	return true;
}

bool cluster_node_known(const struct settings *s, const char *node)
{
	size_t i;

	for (i = 0; s->cluster_nodes && s->cluster_nodes[i]; i++)
		if (strcmp(s->cluster_nodes[i], node) == 0)
			return true;
	return false;
}

const char *cluster_nodes_check(char **w)
{
	size_t i, j;

	for (i = 0; w[i]; i++) {
		if (!cluster_node_valid(w[i]))
			return "not a list of node names";
		for (j = 0; j < i; j++)
			if (strcmp(w[i], w[j]) == 0)
				return "a node named twice";
	}
	return NULL;
}

const char *clusterkeys_set_nodes(struct settings *s, const char *value)
{
	char **w = words_split(value);
	const char *why;

	if (!w)
		return "out of memory";
	why = cluster_nodes_check(w);
	if (why) {
		words_free(w);
		return why;
	}
	words_free(s->cluster_nodes);
	s->cluster_nodes = w;
	return NULL;
}

/* PREFIX_SUFFIX with a known suffix and a non-empty prefix. */
static bool is_instance_key(const char *key)
{
	size_t klen = strlen(key), i;

	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t slen = strlen(suffixes[i]);

		if (klen > slen + 1 && key[klen - slen - 1] == '_' &&
		    strcmp(key + klen - slen, suffixes[i]) == 0)
			return true;
	}
	return false;
}

bool clusterkeys_take(struct settings *s, const char *key, const char *value,
		      const char **why)
{
	struct instance_key *nk;
	char *v;
	size_t i;

	*why = NULL;
	if (!is_instance_key(key) || strlen(key) >= KV_KEY_MAX)
		return false;
	v = strdup(value);
	if (!v) {
		*why = "out of memory";
		return true;
	}
	for (i = 0; i < s->ninstance_keys; i++)
		if (strcmp(s->instance_keys[i].key, key) == 0) {
			free(s->instance_keys[i].value);
			s->instance_keys[i].value = v;
			return true;
		}
	nk = realloc(s->instance_keys, (s->ninstance_keys + 1) * sizeof *nk);
	if (!nk) {
		free(v);
		*why = "out of memory";
		return true;
	}
	s->instance_keys = nk;
	snprintf(nk[s->ninstance_keys].key, KV_KEY_MAX, "%s", key);
	nk[s->ninstance_keys].value = v;
	s->ninstance_keys++;
	return true;
}

const char *clusterkeys_get(const struct settings *s, const char *instance,
			    const char *suffix)
{
	char key[KV_KEY_MAX];
	size_t i, len;

	subservice_key(instance, key, sizeof key);
	len = strlen(key);
	if ((size_t)snprintf(key + len, sizeof key - len, "_%s", suffix) >=
	    sizeof key - len)
		return NULL;
	for (i = 0; i < s->ninstance_keys; i++)
		if (strcmp(s->instance_keys[i].key, key) == 0)
			return s->instance_keys[i].value;
	return NULL;
}

void clusterkeys_free(struct settings *s)
{
	size_t i;

	for (i = 0; i < s->ninstance_keys; i++)
		free(s->instance_keys[i].value);
	free(s->instance_keys);
	s->instance_keys = NULL;
	s->ninstance_keys = 0;
}
