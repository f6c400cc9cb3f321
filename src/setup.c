/* SPDX-License-Identifier: MIT */
/* The configuration verbs: register, ports, connectors, autostart, setup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "bootstart.h"
#include "connectors.h"
#include "instance.h"
#include "layout.h"
#include "log.h"
#include "lsb.h"
#include "ports.h"
#include "register.h"
#include "settings.h"
#include "setup.h"
#include "webapps.h"
#include "words.h"

int setup_apply(struct app *a, struct plan *p)
{
	char **envp = app_command_env(a);
	int rc;

	if (!envp)
		return LSB_GENERIC;
	if (p->n == 0 && !a->dry_run)
		log_info("set up this node: nothing to change");
	rc = plan_apply(p, a->dry_run, envp, a->cfg.start_timeout_ms) < 0 ? LSB_GENERIC :
									    LSB_OK;
	words_free(envp);
	return rc;
}

static int finish(struct app *a, struct plan *p, int rc)
{
	if (rc == 0)
		rc = setup_apply(a, p);
	plan_free(p);
	return rc;
}

static int run_register(struct app *a, const struct verb *v, char **args, size_t n)
{
	struct plan p = { .root = a->root };

	(void)v;
	return finish(a, &p, plan_register(a, &p, args, n));
}

static int no_args(const struct verb *v, size_t n)
{
	if (n == 0)
		return 0;
	log_fatal("unable to %s: it takes no instance name", v->name);
	return LSB_ARGS;
}

static int run_ports(struct app *a, const struct verb *v, char **args, size_t n)
{
	struct plan p = { .root = a->root };

	(void)args;
	if (no_args(v, n))
		return LSB_ARGS;
	if (a->check)
		return plan_ports(a, &p);
	return finish(a, &p, plan_ports(a, &p));
}

/* A verb that is one planner, without instance names. */
static int run_planner(struct app *a, const struct verb *v, size_t n,
		       int (*planner)(struct app *a, struct plan *p))
{
	struct plan p = { .root = a->root };

	if (no_args(v, n))
		return LSB_ARGS;
	return finish(a, &p, planner(a, &p));
}

static int run_connectors(struct app *a, const struct verb *v, char **args, size_t n)
{
	(void)args;
	return run_planner(a, v, n, plan_connectors);
}

static int run_autostart(struct app *a, const struct verb *v, char **args, size_t n)
{
	struct plan p = { .root = a->root };

	(void)args;
	if (no_args(v, n))
		return LSB_ARGS;
	if (a->disable == a->restore) {
		log_fatal("unable to autostart: give --disable or --restore");
		return LSB_ARGS;
	}
	return finish(a, &p, plan_bootstart(a, &p, a->restore));
}

static int run_webapps(struct app *a, const struct verb *v, char **args, size_t n)
{
	(void)args;
	return run_planner(a, v, n, plan_webapps);
}

/* Everything the vendor's procedure asks of every node: what %post runs. */
static int run_setup(struct app *a, const struct verb *v, char **args, size_t n)
{
	struct plan p = { .root = a->root };
	int rc;

	(void)args;
	if (no_args(v, n))
		return LSB_ARGS;
	rc = plan_register(a, &p, NULL, 0);
	if (!rc)
		rc = plan_ports(a, &p);
	if (!rc)
		rc = plan_connectors(a, &p);
	if (!rc)
		rc = plan_webapps(a, &p);
	if (!rc)
		rc = plan_bootstart(a, &p, false);
	return finish(a, &p, rc);
}

/*
 * What the package's %preun runs on final erase.  An instance that still runs
 * here is never stopped behind the cluster's back: the erase is refused, and
 * the administrator moves or disables the cluster service first.
 */
static int run_teardown(struct app *a, const struct verb *v, char **args, size_t n)
{
	struct plan p = { .root = a->root };
	size_t i, running = 0;
	int rc;

	(void)args;
	if (no_args(v, n))
		return LSB_ARGS;
	for (i = 0; i < a->reg.ninst; i++) {
		struct instance_ctx c;
		bool mounted;
		enum instance_state s = INST_UNKNOWN;

		if (instance_ctx_init(&c, &a->cfg, a->root, &a->reg.inst[i]) == 0)
			s = instance_state(&c, &mounted, NULL, 0);
		instance_ctx_free(&c);
		if (s != INST_STOPPED) {
			log_fatal("unable to remove scalix-ha: instance %s is %s here; "
				  "stop it through the cluster first (clusvcadm -d, "
				  "pcs resource disable)",
				  a->reg.inst[i].name, instance_state_word(s));
			running++;
		}
	}
	if (running)
		return LSB_GENERIC;
	rc = plan_bootstart(a, &p, true);
	for (i = 0; rc == 0 && i < a->reg.ninst; i++) {
		char *link = layout_init_name(NULL, &a->cfg, &a->reg.inst[i]), *real,
		     target[64];
		ssize_t len;

		if (!link)
			return LSB_GENERIC;
		real = app_path(a, link);
		len = real ? readlink(real, target, sizeof target - 1) : -1;
		/* Only our own links go; a file an administrator put there stays. */
		if (len == (ssize_t)strlen("scalix-ha") &&
		    memcmp(target, "scalix-ha", (size_t)len) == 0 &&
		    plan_unlink(&p, link, "remove the init name") < 0)
			rc = LSB_GENERIC;
		free(real);
		free(link);
	}
	return finish(a, &p, rc);
}

const struct verb setup_verbs[] = {
	{ "teardown", run_teardown, false, true, REGISTRY_RECORDS },
	{ "register", run_register, false, true, REGISTRY_TEXT },
	{ "ports", run_ports, false, true, REGISTRY_RECORDS },
	{ "connectors", run_connectors, false, true, REGISTRY_RECORDS },
	{ "autostart", run_autostart, false, true, REGISTRY_NONE },
	{ "webapps", run_webapps, false, true, REGISTRY_RECORDS },
	{ "setup", run_setup, false, true, REGISTRY_TEXT },
	{ NULL, NULL, false, false, REGISTRY_NONE },
};
