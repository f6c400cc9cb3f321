/* SPDX-License-Identifier: MIT */
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
	/* Options of the configuration verbs. */
	const char *merge, *hostname, *datadir;
	bool check, disable, restore, digest, dry_run, versions;
};

/* The environment of configuration commands (chkconfig, vendor tools). */
char **app_command_env(const struct app *a);

/* Rooted copy of abs, or NULL (ENOMEM). */
char *app_path(const struct app *a, const char *abs);

/* What a verb needs of the registry, loaded before it runs. */
enum verb_registry {
	REGISTRY_NONE,
	REGISTRY_RECORDS, /* reads the instances only: registry_scan */
	REGISTRY_TEXT,	  /* rewrites the file: every line kept (registry_load) */
};

/* A verb: args are the words after it (instance names). */
struct verb {
	const char *name;
	int (*run)(struct app *a, const struct verb *v, char **args, size_t n);
	bool is_status; /* failures map to status codes (4), not action codes (6) */
	bool needs_root;
	enum verb_registry registry;
};

struct instance_ctx;
/* Scalix installed here (rpm database, else the sub-service commands): 0 or 5. */
int instance_installed(struct app *a, struct instance_ctx *c);

/* Load the registry of a (settings already loaded) as need says; 0 or -1
 * (reported). */
int app_load_registry(struct app *a, enum verb_registry need);

#endif
