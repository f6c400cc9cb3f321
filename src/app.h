/* What one run of the helper knows: options, settings, registry. */
#ifndef SCALIX_HA_APP_H
#define SCALIX_HA_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "registry.h"
#include "settings.h"

struct app {
	const char *root; /* NULL: the real root */
	const char *config;
	bool quiet;
	struct settings cfg;
	struct registry reg;
	bool reg_loaded;
	/* Per-instance name (scalix-ha-mail1): the instance it implies. */
	const char *implied_instance;
};

/* A verb: args are the words after it (instance names). */
struct verb {
	const char *name;
	int (*run)(struct app *a, const struct verb *v, char **args, size_t n);
	bool is_status; /* failures map to status codes (4), not action codes (6) */
	bool needs_root;
	bool needs_registry;
};

const struct verb *verb_find(const char *name);
void verbs_usage(void);

/* Load the registry of a (settings already loaded); 0 or -1 (reported). */
int app_load_registry(struct app *a);

#endif
