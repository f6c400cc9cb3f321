/* SPDX-License-Identifier: MIT */
/* The LSB verbs: start, stop, restart, status and their kin, and list. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "app.h"
#include "instance.h"
#include "interrupt.h"
#include "lifecycle.h"
#include "log.h"
#include "lsb.h"
#include "mountguard.h"
#include "names.h"
#include "pathtmpl.h"
#include "pkgdb.h"
#include "subservice.h"
#include <unistd.h>

/* Code for "this instance cannot be acted on": not configured / unknown. */
static int not_configured(const struct verb *v)
{
	return v->is_status ? LSB_ST_UNKNOWN : LSB_NOT_CONFIGURED;
}

typedef int (*instance_fn)(struct app *a, const struct verb *v, struct instance_ctx *c);

/*
 * Run fn for each named instance, or for every instance mounted here when
 * none is named.  The first non-zero code is the result.
 */
static int for_instances(struct app *a, const struct verb *v, char **args, size_t n,
			 instance_fn fn)
{
	int result = 0;
	size_t i, acted = 0;

	for (i = 0; i < n; i++)
		if (!instance_name_valid(args[i])) {
			log_fatal("unable to %s %s: invalid instance name", v->name,
				  args[i]);
			return LSB_ARGS;
		}
	for (i = 0; i < (n ? n : a->reg.ninst); i++) {
		const struct instance *inst =
			n ? registry_find(&a->reg, args[i]) : &a->reg.inst[i];
		struct instance_ctx c;
		int rc;

		if (!inst) {
			log_fatal("unable to %s %s: instance not registered in %s",
				  v->name, args[i], a->reg.path);
			rc = not_configured(v);
		} else if (instance_ctx_init(&c, &a->cfg, a->root, inst) < 0) {
			/* A path from the settings too long to use is theirs to fix. */
			bool config = errno == ENAMETOOLONG;

			log_fatal("unable to %s %s: %s", v->name, inst->name,
				  config ? "a path made from the settings is too long" :
					   "out of memory");
			instance_ctx_free(&c);
			rc = config ? not_configured(v) : LSB_GENERIC;
		} else {
			if (n || is_mount_point(c.dir)) {
				rc = fn(a, v, &c);
				acted++;
			} else {
				rc = 0;
			}
			instance_ctx_free(&c);
		}
		if (rc && !result)
			result = rc;
	}
	if (!n && acted == 0) {
		printf("No Scalix instance has its storage mounted here.\n");
		if (v->is_status)
			return LSB_ST_STOPPED;
	}
	return result;
}

static int do_start(struct app *a, const struct verb *v, struct instance_ctx *c)
{
	char msg[128];
	int rc = instance_installed(a, c);

	(void)v;
	if (rc == 0)
		rc = instance_start(c);
	snprintf(msg, sizeof msg, "Starting Scalix instance %s: ", c->inst->name);
	action_report(msg, rc == 0);
	return rc;
}

static int do_stop(struct app *a, const struct verb *v, struct instance_ctx *c)
{
	char msg[128];
	int rc = instance_stop(c);

	(void)a;
	(void)v;
	snprintf(msg, sizeof msg, "Stopping Scalix instance %s: ", c->inst->name);
	action_report(msg, rc == 0);
	return rc;
}

static int do_status(struct app *a, const struct verb *v, struct instance_ctx *c)
{
	char detail[512];
	bool mounted;
	enum instance_state s = instance_state(c, &mounted, detail, sizeof detail);

	(void)a;
	(void)v;
	if (!mounted)
		printf("Scalix instance %s is %s (%s is not mounted here).\n",
		       c->inst->name, instance_state_word(s), c->dir);
	else if (s == INST_RUNNING || s == INST_STOPPED)
		printf("Scalix instance %s is %s.\n", c->inst->name,
		       instance_state_word(s));
	else
		printf("Scalix instance %s is %s (%s).\n", c->inst->name,
		       instance_state_word(s), detail);
	return instance_state_lsb(s);
}

static int do_restart(struct app *a, const struct verb *v, struct instance_ctx *c)
{
	int rc = do_stop(a, v, c);

	return rc ? rc : do_start(a, v, c);
}

/* condrestart, try-restart, force-reload: restart only what runs. */
static int do_condrestart(struct app *a, const struct verb *v, struct instance_ctx *c)
{
	bool mounted;
	enum instance_state s = instance_state(c, &mounted, NULL, 0);

	if (s != INST_RUNNING) {
		log_info("restart %s: not running; nothing to restart", c->inst->name);
		return LSB_OK;
	}
	return do_restart(a, v, c);
}

static int run_start(struct app *a, const struct verb *v, char **args, size_t n)
{
	interrupt_init();
	return for_instances(a, v, args, n, do_start);
}

static int run_stop(struct app *a, const struct verb *v, char **args, size_t n)
{
	interrupt_init();
	return for_instances(a, v, args, n, do_stop);
}

static int run_status(struct app *a, const struct verb *v, char **args, size_t n)
{
	return for_instances(a, v, args, n, do_status);
}

static int run_restart(struct app *a, const struct verb *v, char **args, size_t n)
{
	interrupt_init();
	return for_instances(a, v, args, n, do_restart);
}

static int run_condrestart(struct app *a, const struct verb *v, char **args, size_t n)
{
	interrupt_init();
	return for_instances(a, v, args, n, do_condrestart);
}

static int run_reload(struct app *a, const struct verb *v, char **args, size_t n)
{
	(void)a;
	(void)args;
	(void)n;
	log_fatal("unable to %s: not implemented (use restart)", v->name);
	return LSB_UNIMPLEMENTED;
}

static int run_list(struct app *a, const struct verb *v, char **args, size_t n)
{
	size_t i, wname = 8, whost = 4;

	(void)v;
	(void)args;
	if (n) {
		log_fatal("unable to list: list takes no instance");
		return LSB_ARGS;
	}
	for (i = 0; i < a->reg.ninst; i++) {
		size_t ln = strlen(a->reg.inst[i].name), lh = strlen(a->reg.inst[i].host);

		wname = ln > wname ? ln : wname;
		whost = lh > whost ? lh : whost;
	}
	if (a->versions) {
		struct pkg_info pk[PKGDB_QUERY_MAX];
		size_t k, npk = pkgdb_names(&a->cfg, pk);
		int st = pkgdb_query(a->root, a->cfg.rpm_dbpath, pk, npk);

		for (k = 0; k < npk; k++)
			printf("%-16s %s\n", pk[k].name,
			       st == PKGDB_NONE ? "(no rpm database)" :
			       pk[k].installed	? pk[k].evr :
						  "not installed");
		printf("\n");
	}
	printf("%-*s  %-*s  %-2s  %-7s  %s\n", (int)wname, "NAME", (int)whost, "HOST",
	       "AZ", "MOUNTED", "STATE");
	for (i = 0; i < a->reg.ninst; i++) {
		const struct instance *in = &a->reg.inst[i];
		struct instance_ctx c;
		enum instance_state s = INST_UNKNOWN;
		bool mounted = false;

		if (instance_ctx_init(&c, &a->cfg, a->root, in) == 0)
			s = instance_state(&c, &mounted, NULL, 0);
		instance_ctx_free(&c);
		printf("%-*s  %-*s  %-2s  %-7s  %s\n", (int)wname, in->name, (int)whost,
		       in->host, in->az, mounted ? "yes" : "no", instance_state_word(s));
	}
	return 0;
}

const struct verb lifecycle_verbs[] = {
	{ "start", run_start, false, true, REGISTRY_RECORDS },
	{ "stop", run_stop, false, true, REGISTRY_RECORDS },
	{ "restart", run_restart, false, true, REGISTRY_RECORDS },
	{ "condrestart", run_condrestart, false, true, REGISTRY_RECORDS },
	{ "try-restart", run_condrestart, false, true, REGISTRY_RECORDS },
	{ "force-reload", run_condrestart, false, true, REGISTRY_RECORDS },
	{ "reload", run_reload, false, false, REGISTRY_NONE },
	{ "status", run_status, true, false, REGISTRY_RECORDS },
	{ "monitor", run_status, true, false, REGISTRY_RECORDS },
	{ "list", run_list, false, false, REGISTRY_RECORDS },
	{ NULL, NULL, false, false, REGISTRY_NONE },
};
