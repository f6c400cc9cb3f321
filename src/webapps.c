/* SPDX-License-Identifier: MIT */
/*
 * The Ubermanager: one instance (ADMIN_INSTANCE) keeps the management
 * console and server; every other instance loses them, once.  What was done
 * is remembered in STATE_DIR/webapps-removed, one instance a line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "layout.h"
#include "log.h"
#include "lsb.h"
#include "settings.h"
#include "webapps.h"

static bool listed(const char *file, const char *name)
{
	size_t n = strlen(name);
	const char *l;

	for (l = file; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, name, n) == 0 && (l[n] == '\n' || l[n] == '\0'))
			return true;
	return false;
}

int plan_webapps(struct app *a, struct plan *p)
{
	char *tool_abs = NULL, *tool = NULL, *state_abs = NULL, *state = NULL;
	char *done = NULL;
	size_t len, i;
	bool added = false;
	int rc = LSB_GENERIC;

	if (!a->cfg.admin_instance) {
		log_info("set up the management web apps: ADMIN_INSTANCE is not set; "
			 "left as they are");
		return 0;
	}
	if (!registry_find(&a->reg, a->cfg.admin_instance)) {
		log_fatal("unable to set up the Ubermanager: ADMIN_INSTANCE %s is not "
			  "registered",
			  a->cfg.admin_instance);
		return LSB_NOT_CONFIGURED;
	}
	if (asprintf(&tool_abs, "%s/sxtomcat-webapps", a->cfg.vendor_bin) < 0 ||
	    asprintf(&state_abs, "%s/webapps-removed", a->cfg.state_dir) < 0)
		goto out;
	tool = app_path(a, tool_abs);
	state = app_path(a, state_abs);
	if (!tool || !state)
		goto out;
	done = file_read(state, &len);
	if (!done && !(done = strdup("")))
		goto out;
	for (i = 0; i < a->reg.ninst; i++) {
		const struct instance *in = &a->reg.inst[i];
		char **argv, what[128], *grown;

		if (strcmp(in->name, a->cfg.admin_instance) == 0 ||
		    listed(done, in->name) || !layout_mounted(a->root, &a->cfg, in))
			continue;
		if (access(tool, X_OK) < 0) {
			log_warn("unable to remove the console of %s: %s is missing",
				 in->name, tool);
			continue;
		}
		argv = calloc(6, sizeof *argv);
		if (!argv)
			goto out;
		argv[0] = strdup(tool);
		argv[1] = strdup("--del");
		argv[2] = strdup(in->name);
		argv[3] = strdup("caa");
		argv[4] = strdup("sac");
		snprintf(what, sizeof what, "remove the management console of %s",
			 in->name);
		if (plan_cmd(p, argv, what) < 0 ||
		    asprintf(&grown, "%s%s\n", done, in->name) < 0)
			goto out;
		free(done);
		done = grown;
		added = true;
	}
	rc = 0;
	if (added && plan_file(p, state_abs, done, strlen(done), 0644,
			       "record removed consoles") < 0)
		rc = LSB_GENERIC;
	if (added)
		done = NULL;
out:
	free(tool_abs);
	free(tool);
	free(state_abs);
	free(state);
	free(done);
	return rc;
}
