/* SPDX-License-Identifier: MIT */
/* register: every instance known on every node, autostart off, init names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layout.h"
#include "log.h"
#include "lsb.h"
#include "names.h"
#include "plaintext.h"
#include "register.h"
#include "registry_edit.h"

/* Same name, other host or store: two nodes disagree, and a human decides. */
static bool conflicts(const struct instance *mine, const char *host, const char *datadir,
		      const char *from)
{
	if (strcasecmp(mine->host, host) == 0 && strcmp(mine->datadir, datadir) == 0)
		return false;
	log_fatal("unable to register %s from %s: it is registered here with "
		  "OMHOSTNAME=%s OMDATADIR=%s, and there with OMHOSTNAME=%s "
		  "OMDATADIR=%s",
		  mine->name, from, mine->host, mine->datadir, host, datadir);
	return true;
}

static int add_instance(struct app *a, const char *name, const char *host,
			const char *datadir, const char *from)
{
	const struct instance *mine = registry_find(&a->reg, name);

	if (mine)
		return conflicts(mine, host, datadir, from) ? LSB_NOT_CONFIGURED : 0;
	if (registry_append(&a->reg, name, host, datadir, "FALSE") < 0) {
		log_fatal("unable to register %s: out of memory", name);
		return LSB_GENERIC;
	}
	log_info("register %s: %s, %s, from %s", name, host, datadir, from);
	return 0;
}

static int merge(struct app *a)
{
	struct registry other;
	size_t i;
	int rc = 0;

	if (registry_scan(&other, a->merge) < 0) {
		registry_report(&other);
		registry_free(&other);
		return LSB_NOT_CONFIGURED;
	}
	for (i = 0; i < other.ninst && rc == 0; i++)
		rc = add_instance(a, other.inst[i].name, other.inst[i].host,
				  other.inst[i].datadir, a->merge);
	registry_free(&other);
	return rc;
}

static int add_named(struct app *a, const char *name)
{
	char datadir[256], az[3];

	if (!instance_name_valid(name)) {
		log_fatal("unable to register %s: invalid instance name", name);
		return LSB_ARGS;
	}
	if (!a->hostname || !hostname_valid(a->hostname)) {
		log_fatal("unable to register %s: give a valid --hostname FQDN", name);
		return LSB_ARGS;
	}
	instance_az(name, az);
	snprintf(datadir, sizeof datadir, "/var/opt/scalix/%s/s", az);
	if (a->datadir && a->datadir[0] != '/') {
		log_fatal("unable to register %s: --datadir must be absolute", name);
		return LSB_ARGS;
	}
	if (a->datadir && !plaintext_value_ok(a->datadir)) {
		log_fatal("unable to register %s: --datadir holds a control character",
			  name);
		return LSB_ARGS;
	}
	return add_instance(a, name, a->hostname, a->datadir ? a->datadir : datadir,
			    "the command line");
}

int plan_register(struct app *a, struct plan *p, char **args, size_t n)
{
	struct registry check;
	size_t len, i;
	char *data;
	int rc = 0;

	if (n > 1 || (n == 1 && a->merge)) {
		log_fatal("unable to register: give one NAME --hostname FQDN, or --merge "
			  "FILE");
		return LSB_ARGS;
	}
	if (a->merge)
		rc = merge(a);
	else if (n == 1)
		rc = add_named(a, args[0]);
	if (rc)
		return rc;
	if (a->reg.ninst == 0) {
		log_info("register instances: none registered in %s; nothing to register",
			 a->reg.path);
		return 0;
	}
	if (registry_disable_autostart(&a->reg) < 0)
		return LSB_GENERIC;
	data = registry_serialize(&a->reg, &len);
	if (!data)
		return LSB_GENERIC;
	/* What we would write must read back valid (a merge can clash by az). */
	if (registry_parse(&check, a->reg.path, data, len) < 0) {
		registry_report(&check);
		registry_free(&check);
		free(data);
		return LSB_NOT_CONFIGURED;
	}
	registry_free(&check);
	if (plan_file_at(p, a->reg.path, a->cfg.registry, data, len, 0644,
			 "register instances") < 0)
		return LSB_GENERIC;
	/* rgmanager and Pacemaker's lsb: class find each instance by a name. */
	for (i = 0; i < a->reg.ninst; i++) {
		char *link = layout_init_name(NULL, &a->cfg, &a->reg.inst[i]);

		if (!link)
			return LSB_GENERIC;
		rc = plan_link(p, link, "scalix-ha", "create the init name");
		free(link);
		if (rc < 0)
			return LSB_GENERIC;
	}
	return 0;
}
