/* SPDX-License-Identifier: MIT */
/*
 * ocf:scalix:instance.  Parameters arrive as OCF_RESKEY_<name>; the codes
 * are OCF's (which share 0..7 with the LSB action codes), with monitor
 * answering 7 for a cleanly stopped instance.
 */
#include "ocf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "clusterconf.h"
#include "instance.h"
#include "interrupt.h"
#include "log.h"
#include "lsb.h"
#include "mountguard.h"
#include "names.h"
#include "netprobe.h"
#include "pathtmpl.h"
#include "proc.h"
#include "readiness.h"
#include "spawn.h"

enum {
	OCF_SUCCESS = 0,
	OCF_ERR_GENERIC = 1,
	OCF_ERR_ARGS = 2,
	OCF_ERR_UNIMPLEMENTED = 3,
	OCF_ERR_PERM = 4,
	OCF_ERR_INSTALLED = 5,
	OCF_ERR_CONFIGURED = 6,
	OCF_NOT_RUNNING = 7,
};

/* Kept free before the cluster's own timeout: our exit, its bookkeeping. */
#define OCF_TIMEOUT_MARGIN_MS 1000
/* Each probe of the deep monitor. */
#define DEEP_PROBE_MS 5000

/*
 * OCF 1.1 meta-data.  The action timeouts are the helper's own bounds under
 * this node's settings (as cluster-conf computes them), since pcs copies
 * them into the operations it creates.
 */
static void meta_data(const char *root)
{
	struct settings s;
	struct cc_params p = { 0 };
	char *path = path_in_root(root, "/etc/sysconfig/scalix-ha");

	log_init("scalix-ha", true);
	if (!path || settings_load(&s, path) < 0) {
		settings_free(&s);
		settings_defaults(&s);
	}
	free(path);
	cc_timeouts(&s, &p);
	printf("<?xml version=\"1.0\"?>\n"
	       "<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n"
	       "<resource-agent name=\"instance\" version=\"%s\">\n"
	       "<version>1.1</version>\n"
	       "<longdesc lang=\"en\">\n"
	       "Runs one Scalix Enterprise instance: its PostgreSQL, the Scalix daemons\n"
	       "and its Tomcat, in that order. Start returns once PostgreSQL accepts\n"
	       "connections and Tomcat answers HTTP on the instance's address. Stop is\n"
	       "bounded and ends with TERM and KILL to every process still using the\n"
	       "instance's storage. Start and stop end before the operation's timeout.\n"
	       "Start is refused unless /var/opt/scalix/AZ is a mount point. Put it in\n"
	       "a group after the instance's Filesystem and IPaddr2 resources.\n"
	       "Settings: /etc/sysconfig/scalix-ha, see scalix-ha-sysconfig(5).\n"
	       "</longdesc>\n"
	       "<shortdesc lang=\"en\">Scalix instance</shortdesc>\n"
	       "<parameters>\n"
	       "<parameter name=\"instance\" required=\"1\" unique=\"1\">\n"
	       "<longdesc lang=\"en\">The instance name (OMNAME in "
	       "/etc/opt/scalix/instance.cfg).</longdesc>\n"
	       "<shortdesc lang=\"en\">Instance name</shortdesc>\n"
	       "<content type=\"string\"/>\n"
	       "</parameter>\n"
	       "<parameter name=\"start_timeout\" required=\"0\">\n"
	       "<longdesc lang=\"en\">Seconds each sub-service may take to start "
	       "and serve (START_TIMEOUT).</longdesc>\n"
	       "<shortdesc lang=\"en\">Sub-service start bound</shortdesc>\n"
	       "<content type=\"string\" default=\"60\"/>\n"
	       "</parameter>\n"
	       "<parameter name=\"stop_timeout\" required=\"0\">\n"
	       "<longdesc lang=\"en\">Seconds each sub-service may take to stop "
	       "(STOP_TIMEOUT).</longdesc>\n"
	       "<shortdesc lang=\"en\">Sub-service stop bound</shortdesc>\n"
	       "<content type=\"string\" default=\"30\"/>\n"
	       "</parameter>\n"
	       "<parameter name=\"kill_grace\" required=\"0\">\n"
	       "<longdesc lang=\"en\">Seconds between TERM and KILL for what is left "
	       "(KILL_GRACE).</longdesc>\n"
	       "<shortdesc lang=\"en\">TERM to KILL grace</shortdesc>\n"
	       "<content type=\"string\" default=\"5\"/>\n"
	       "</parameter>\n"
	       "</parameters>\n"
	       "<actions>\n"
	       "<action name=\"start\" timeout=\"%us\"/>\n"
	       "<action name=\"stop\" timeout=\"%us\"/>\n"
	       "<action name=\"monitor\" timeout=\"%us\" interval=\"30s\" depth=\"0\"/>\n"
	       "<action name=\"monitor\" timeout=\"%us\" interval=\"120s\" "
	       "depth=\"10\"/>\n"
	       "<action name=\"validate-all\" timeout=\"20s\"/>\n"
	       "<action name=\"meta-data\" timeout=\"5s\"/>\n"
	       "</actions>\n"
	       "</resource-agent>\n",
	       VERSION, p.start_s, p.stop_s, p.monitor_s, p.deep_monitor_s);
	settings_free(&s);
}

/* OCF_RESKEY_ overrides of the settings' bounds. */
static int overrides(struct settings *s)
{
	static const char *const map[][2] = {
		{ "OCF_RESKEY_start_timeout", "START_TIMEOUT" },
		{ "OCF_RESKEY_stop_timeout", "STOP_TIMEOUT" },
		{ "OCF_RESKEY_kill_grace", "KILL_GRACE" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		const char *v = getenv(map[i][0]);
		char *err = NULL;

		if (!v || !*v)
			continue;
		if (settings_override(s, map[i][1], v, &err) < 0) {
			log_fatal("unable to use %s=%s: %s", map[i][0], v,
				  err ? err : "?");
			free(err);
			return -1;
		}
	}
	return 0;
}

/*
 * Level 10: every sub-service serves as its readiness probe says (the probes
 * start waits for), then the CHECK_PORTS ports accept on the instance host.
 */
static bool deep_check(struct app *a, struct instance_ctx *c)
{
	const struct instance *in = c->inst;
	char why[256];
	size_t i;

	for (i = 0; i < a->cfg.nsvc; i++)
		if (!readiness_check(c, i, now_ms() + DEEP_PROBE_MS, why, sizeof why)) {
			log_fatal("unable to monitor %s: %s does not serve: %s", in->name,
				  a->cfg.svc[i].name, why);
			return false;
		}
	for (i = 0; a->cfg.check_ports[i]; i++) {
		unsigned port = (unsigned)strtoul(a->cfg.check_ports[i], NULL, 10);

		if (!tcp_accepts(in->host, port, DEEP_PROBE_MS)) {
			log_fatal("unable to monitor %s: nothing accepts connections on "
				  "%s:%u",
				  in->name, in->host, port);
			return false;
		}
	}
	return true;
}

static int monitor(struct app *a, struct instance_ctx *c)
{
	const char *level = getenv("OCF_CHECK_LEVEL");
	char detail[512];
	bool mounted;
	enum instance_state s = instance_state(c, &mounted, detail, sizeof detail);

	switch (s) {
	case INST_STOPPED:
		return OCF_NOT_RUNNING;
	case INST_RUNNING:
		if (level && strtol(level, NULL, 10) >= 10 && !deep_check(a, c))
			return OCF_ERR_GENERIC;
		return OCF_SUCCESS;
	case INST_DEAD_LOCK:
		/*
		 * Storage not here: nothing of the instance can run here.  A subsys
		 * lock left by a crash must not make a probe report it active (and
		 * Pacemaker restart it where it does run).
		 */
		if (!mounted)
			return OCF_NOT_RUNNING;
		/* fall through */
	default:
		log_fatal("unable to monitor %s: it is %s (%s)", c->inst->name,
			  instance_state_word(s), detail);
		return OCF_ERR_GENERIC;
	}
}

/*
 * An instance this node does not know (not in its registry, or the registry
 * is broken): Pacemaker's probe must learn whether anything of it runs here,
 * and a 6 would ban the resource from every node.  The name alone gives the
 * az, so the instance directory: running means mounted here and in use.
 */
static int unknown_instance(struct app *a, const char *action, const char *name)
{
	struct instance in = { .name = (char *)name,
			       .host = (char *)"",
			       .datadir = (char *)"" };
	struct instance_ctx c;
	struct proc_ref *users = NULL;
	ssize_t n = 0;
	bool mounted;

	instance_az(name, in.az);
	if (strcmp(action, "validate-all") == 0)
		return OCF_ERR_CONFIGURED;
	if (strcmp(action, "start") == 0)
		return OCF_ERR_INSTALLED; /* not here: Pacemaker tries another node */
	if (instance_ctx_init(&c, &a->cfg, a->root, &in) < 0) {
		instance_ctx_free(&c);
		return OCF_ERR_GENERIC;
	}
	mounted = is_mount_point(c.dir);
	if (mounted)
		n = proc_scan_users(&c.probe, &users);
	free(users);
	if (n != 0)
		log_fatal("unable to %s %s: %s is mounted here and %s", action, name,
			  c.dir, n < 0 ? "its users cannot be listed" : "in use");
	instance_ctx_free(&c);
	if (n != 0)
		return OCF_ERR_GENERIC;
	if (mounted)
		log_warn("unable to find %s registered: %s is mounted here but nothing "
			 "uses it",
			 name, c.dir);
	return strcmp(action, "stop") == 0 ? OCF_SUCCESS : OCF_NOT_RUNNING;
}

/* OCF_RESKEY_CRM_meta_timeout (ms): the call must be over before it. */
static int64_t cluster_deadline(int64_t t0)
{
	const char *v = getenv("OCF_RESKEY_CRM_meta_timeout");
	char *end;
	long long ms;

	if (!v || !*v)
		return 0;
	ms = strtoll(v, &end, 10);
	if (*end || ms <= 0) {
		log_warn("unable to use OCF_RESKEY_CRM_meta_timeout=%s: not a number of "
			 "milliseconds; ignored",
			 v);
		return 0;
	}
	return t0 + ms - OCF_TIMEOUT_MARGIN_MS;
}

static int run(struct app *a, const char *action, int64_t t0)
{
	const char *name = getenv("OCF_RESKEY_instance");
	const struct instance *in;
	struct instance_ctx c;
	char *path;
	int rc;

	path = path_in_root(a->root, "/etc/sysconfig/scalix-ha");
	rc = path ? settings_load(&a->cfg, path) : -1;
	free(path);
	if (rc < 0 || overrides(&a->cfg) < 0)
		return OCF_ERR_CONFIGURED;
	if (!name || !instance_name_valid(name)) {
		log_fatal("unable to %s: parameter instance is %s", action,
			  name ? "not a valid instance name" : "missing");
		return OCF_ERR_CONFIGURED;
	}
	if (app_load_registry(a, REGISTRY_RECORDS) < 0)
		return unknown_instance(a, action, name);
	in = registry_find(&a->reg, name);
	if (!in) {
		log_fatal("unable to %s: instance %s is not registered in %s", action,
			  name, a->reg.path);
		return unknown_instance(a, action, name);
	}
	if (instance_ctx_init(&c, &a->cfg, a->root, in) < 0) {
		bool config = errno == ENAMETOOLONG;

		log_fatal("unable to %s %s: %s", action, name,
			  config ? "a path made from the settings is too long" :
				   "out of memory");
		instance_ctx_free(&c);
		return config ? OCF_ERR_CONFIGURED : OCF_ERR_GENERIC;
	}
	c.op_deadline = cluster_deadline(t0);
	if (strcmp(action, "start") == 0) {
		rc = instance_installed(a, &c);
		if (rc == 0)
			rc = instance_start(&c);
	} else if (strcmp(action, "stop") == 0) {
		rc = instance_stop(&c);
	} else if (strcmp(action, "monitor") == 0 || strcmp(action, "status") == 0) {
		rc = monitor(a, &c);
	} else {
		rc = instance_installed(a, &c); /* validate-all */
	}
	instance_ctx_free(&c);
	return rc;
}

int ocf_main(int argc, const char **argv)
{
	const char *action = argc > 1 ? argv[1] : "";
	int64_t t0 = now_ms();
	struct app a = { 0 };
	int rc;

	if (strcmp(action, "meta-data") == 0) {
		const char *root = getenv("SCALIX_HA_ROOT");

		meta_data(root && root[0] == '/' ? root : NULL);
		return OCF_SUCCESS;
	}
	if (strcmp(action, "usage") == 0 || strcmp(action, "help") == 0) {
		printf("usage: %s {start|stop|monitor|validate-all|meta-data}\n",
		       argv[0]);
		return OCF_SUCCESS;
	}
	if (strcmp(action, "start") != 0 && strcmp(action, "stop") != 0 &&
	    strcmp(action, "monitor") != 0 && strcmp(action, "status") != 0 &&
	    strcmp(action, "validate-all") != 0)
		return OCF_ERR_UNIMPLEMENTED;
	log_init("scalix-ha", false);
	spawn_init();
	a.root = getenv("SCALIX_HA_ROOT");
	if (a.root && (!*a.root || strcmp(a.root, "/") == 0 || a.root[0] != '/'))
		a.root = NULL;
	if (strcmp(action, "start") == 0 || strcmp(action, "stop") == 0)
		interrupt_init();
	rc = run(&a, action, t0);
	if (a.reg_loaded)
		registry_free(&a.reg);
	settings_free(&a.cfg);
	return rc;
}
