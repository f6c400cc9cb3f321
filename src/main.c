/* SPDX-License-Identifier: MIT */
/*
 * scalix-ha: start, stop and report Scalix instances for rgmanager,
 * Pacemaker and service(8).  The name it is called by decides the grammar:
 *   scalix-ha [OPTIONS] VERB [INSTANCE...]
 *   scalix-ha-INSTANCE VERB           (rgmanager script, Pacemaker lsb:)
 */
#include <errno.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "clusterconf.h"
#include "log.h"
#include "lsb.h"
#include "names.h"
#include "ocf.h"
#include "pathtmpl.h"
#include "spawn.h"
#include "verbs.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

#define PER_INSTANCE_PREFIX "scalix-ha-"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int main(int argc, const char **argv)
{
	static char *opt_root, *opt_config, *opt_merge, *opt_hostname, *opt_datadir;
	static int opt_quiet, opt_version, opt_check, opt_disable, opt_restore;
	static int opt_digest, opt_dry_run, opt_versions;
	struct poptOption setup_options[] = {
		{ "dry-run", 'n', POPT_ARG_NONE, &opt_dry_run, 0,
		  "show a unified diff of each change; change nothing", NULL },
		{ "merge", 0, POPT_ARG_STRING, &opt_merge, 0,
		  "register: add the instances of another node's instance.cfg", "FILE" },
		{ "hostname", 0, POPT_ARG_STRING, &opt_hostname, 0,
		  "register NAME: the instance's host name", "FQDN" },
		{ "datadir", 0, POPT_ARG_STRING, &opt_datadir, 0,
		  "register NAME: its message store (default /var/opt/scalix/<az>/s)",
		  "DIR" },
		{ "check", 0, POPT_ARG_NONE, &opt_check, 0,
		  "ports: report collisions, change nothing", NULL },
		{ "disable", 0, POPT_ARG_NONE, &opt_disable, 0,
		  "autostart: take the Scalix services out of boot start", NULL },
		{ "restore", 0, POPT_ARG_NONE, &opt_restore, 0,
		  "autostart: put back the boot start recorded by --disable", NULL },
		{ "digest", 0, POPT_ARG_NONE, &opt_digest, 0,
		  "check: print the fingerprint that must match on every node", NULL },
		{ "versions", 0, POPT_ARG_NONE, &opt_versions, 0,
		  "list: show the installed Scalix package versions", NULL },
		POPT_TABLEEND
	};
	struct poptOption options[] = {
		{ "root", 'r', POPT_ARG_STRING, &opt_root, 0,
		  "relocate every path the helper touches under DIR", "DIR" },
		{ "config", 'c', POPT_ARG_STRING, &opt_config, 0,
		  "settings file (default /etc/sysconfig/scalix-ha)", "FILE" },
		{ "quiet", 'q', POPT_ARG_NONE, &opt_quiet, 0,
		  "log steps to syslog only, not to stderr", NULL },
		{ "version", 'V', POPT_ARG_NONE, &opt_version, 0,
		  "print the version and exit", NULL },
		{ NULL, 0, POPT_ARG_INCLUDE_TABLE, setup_options, 0,
		  "Options of the configuration verbs:", NULL },
		{ NULL, 0, POPT_ARG_INCLUDE_TABLE, clusterconf_options, 0,
		  "Options of cluster-conf:", NULL },
		POPT_AUTOHELP POPT_TABLEEND
	};
	const char *me = base_name(argv[0]);
	struct app a = { 0 };
	const struct verb *v;
	char **args = NULL, *settings_path;
	const char *arg;
	size_t nargs = 0;
	poptContext ctx;
	int rc;

	if (strcmp(me, OCF_AGENT_NAME) == 0)
		return ocf_main(argc, argv);
	if (strncmp(me, PER_INSTANCE_PREFIX, strlen(PER_INSTANCE_PREFIX)) == 0 &&
	    me[strlen(PER_INSTANCE_PREFIX)])
		a.implied_instance = me + strlen(PER_INSTANCE_PREFIX);

	ctx = poptGetContext("scalix-ha", argc, argv, options, 0);
	poptSetOtherOptionHelp(ctx, a.implied_instance ?
					    "[OPTION...] VERB" :
					    "[OPTION...] VERB [INSTANCE...]");
	while ((rc = poptGetNextOpt(ctx)) > 0)
		;
	log_init("scalix-ha", opt_quiet);
	if (rc < -1) {
		log_fatal("unable to parse the command line: %s: %s",
			  poptBadOption(ctx, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
		poptPrintUsage(ctx, stderr, 0);
		poptFreeContext(ctx);
		return LSB_ARGS;
	}
	if (opt_version) {
		printf("scalix-ha %s\n", VERSION);
		poptFreeContext(ctx);
		return 0;
	}
	while ((arg = poptGetArg(ctx))) {
		char **na = realloc(args, (nargs + 2) * sizeof *args);

		if (!na) {
			free(args);
			poptFreeContext(ctx);
			return LSB_GENERIC;
		}
		args = na;
		args[nargs++] = (char *)arg;
	}
	if (nargs == 0) {
		poptPrintUsage(ctx, stderr, 0);
		verbs_usage();
		poptFreeContext(ctx);
		free(args);
		return LSB_ARGS;
	}

	a.root = opt_root ? opt_root : getenv("SCALIX_HA_ROOT");
	if (a.root && (!*a.root || strcmp(a.root, "/") == 0))
		a.root = NULL;
	if (a.root && a.root[0] != '/') {
		log_fatal("unable to use root %s: not an absolute path", a.root);
		poptFreeContext(ctx);
		free(args);
		return LSB_ARGS;
	}
	a.quiet = opt_quiet;
	a.merge = opt_merge;
	a.hostname = opt_hostname;
	a.datadir = opt_datadir;
	a.check = opt_check;
	a.disable = opt_disable;
	a.restore = opt_restore;
	a.digest = opt_digest;
	a.dry_run = opt_dry_run;
	a.versions = opt_versions;
	spawn_init();

	v = verb_find(args[0]);
	if (!v) {
		log_fatal("unable to %s: unknown verb", args[0]);
		verbs_usage();
		rc = LSB_ARGS;
		goto out;
	}
	if (a.implied_instance) {
		if (!instance_name_valid(a.implied_instance)) {
			log_fatal("unable to %s %s: invalid instance name in %s", v->name,
				  a.implied_instance, argv[0]);
			rc = LSB_ARGS;
			goto out;
		}
		/* rgmanager passes exactly one argument: the verb. */
		if (nargs != 1) {
			log_fatal("unable to %s: %s takes only a verb", v->name, me);
			rc = LSB_ARGS;
			goto out;
		}
		args[1] = (char *)a.implied_instance;
		nargs = 2;
	}
	/* --root is for tests; real actions need root. */
	if (v->needs_root && geteuid() != 0 && !a.root) {
		log_fatal("unable to %s: must be run as root", v->name);
		rc = v->is_status ? LSB_ST_UNKNOWN : LSB_PERM;
		goto out;
	}
	settings_path = opt_config ? strdup(opt_config) :
				     path_in_root(a.root, "/etc/sysconfig/scalix-ha");
	if (!settings_path || settings_load(&a.cfg, settings_path) < 0) {
		free(settings_path);
		rc = v->is_status ? LSB_ST_UNKNOWN : LSB_NOT_CONFIGURED;
		goto out;
	}
	free(settings_path);
	if (v->registry != REGISTRY_NONE && app_load_registry(&a, v->registry) < 0) {
		rc = v->is_status ? LSB_ST_UNKNOWN : LSB_NOT_CONFIGURED;
		goto out;
	}
	rc = v->run(&a, v, args + 1, nargs - 1);
out:
	if (a.reg_loaded)
		registry_free(&a.reg);
	settings_free(&a.cfg);
	poptFreeContext(ctx);
	free(args);
	return rc;
}
