/* SPDX-License-Identifier: MIT */
/* What one run of the helper knows: paths, environment, registry, packages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "instance.h"
#include "log.h"
#include "lsb.h"
#include "pathtmpl.h"
#include "pkgdb.h"
#include "words.h"

char *app_path(const struct app *a, const char *abs)
{
	return path_in_root(a->root, abs);
}

char **app_command_env(const struct app *a)
{
	char **env = calloc(5, sizeof *env);
	size_t n = 0;

	if (!env)
		return NULL;
	if (asprintf(&env[n++], "PATH=%s", a->cfg.child_path) < 0 ||
	    !(env[n++] = strdup("LANG=C")) || !(env[n++] = strdup("LC_ALL=C")) ||
	    (a->root && asprintf(&env[n++], "SCALIX_HA_ROOT=%s", a->root) < 0)) {
		env[n - 1] = NULL;
		words_free(env);
		return NULL;
	}
	return env;
}

int app_load_registry(struct app *a, enum verb_registry need)
{
	char *path;
	int rc;

	if (a->reg_loaded)
		return 0;
	path = path_in_root(a->root, a->cfg.registry);
	if (!path)
		return -1;
	rc = need == REGISTRY_TEXT ? registry_load(&a->reg, path) :
				     registry_scan(&a->reg, path);
	free(path);
	if (rc < 0) {
		registry_report(&a->reg);
		registry_free(&a->reg);
		return -1;
	}
	a->reg_loaded = true;
	return 0;
}

/*
 * Scalix must be installed here: LSB 5 tells Pacemaker not to try this node
 * again.  Without an rpm database, the sub-service commands must exist.
 */
int instance_installed(struct app *a, struct instance_ctx *c)
{
	struct pkg_info pk[PKGDB_QUERY_MAX];
	size_t i;
	int st;

	pkgdb_names(&a->cfg, pk);
	st = pkgdb_query(a->root, a->cfg.rpm_dbpath, pk, 1);
	if (st == PKGDB_OK && !pk[0].installed) {
		log_fatal("unable to start %s: package %s is not installed",
			  c->inst->name, pk[0].name);
		return LSB_NOT_INSTALLED;
	}
	if (st == PKGDB_ERROR)
		log_warn("unable to check package %s: the rpm database cannot be read",
			 pk[0].name);
	if (st != PKGDB_NONE)
		return 0;
	for (i = 0; i < a->cfg.nsvc; i++) {
		char *cmd = tmpl_path(a->root, a->cfg.svc[i].argv[SS_START][0], &c->vars);
		bool ok = cmd && access(cmd, X_OK) == 0;

		if (!ok) {
			log_fatal("unable to start %s: %s is not installed (%s missing)",
				  c->inst->name, a->cfg.svc[i].name, cmd ? cmd : "?");
			free(cmd);
			return LSB_NOT_INSTALLED;
		}
		free(cmd);
	}
	return 0;
}
