/* SPDX-License-Identifier: MIT */
/*
 * The keys of /etc/sysconfig/scalix-ha: each with the field it sets and how
 * its value is checked.  A new key is one row of keys[] (and its man page).
 */
#include "settings_keys.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "clusterkeys.h"
#include "names.h"
#include "pathtmpl.h"
#include "readyspec.h"
#include "settings_services.h"
#include "words.h"

static const char *const verb_key[3] = { "START", "STOP", "STATUS" };

static void set_str(char **field, const char *value)
{
	char *v = strdup(value);

	if (v) {
		free(*field);
		*field = v;
	}
}

/* Seconds with up to three decimals ("2", "0.5") into milliseconds. */
static const char *parse_seconds(const char *v, int64_t *ms, bool zero_ok)
{
	int64_t whole = 0, frac = 0, scale = 100;
	const char *p = v;

	if (!isdigit((unsigned char)*p))
		return "expected seconds, like 30 or 0.5";
	for (; isdigit((unsigned char)*p); p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 86400)
			return "more than a day";
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (*p)
		return "expected seconds, like 30 or 0.5";
	*ms = whole * 1000 + frac;
	if (*ms == 0 && !zero_ok)
		return "must be more than 0";
	return NULL;
}

static const char *check_path(const char *v)
{
	/* %d (OMDATADIR) is always absolute, so it may start a path. */
	if (v[0] != '/' && strncmp(v, "%d", 2) != 0)
		return "must be an absolute path";
	return tmpl_check(v);
}

static const char *check_env_words(char **w)
{
	size_t i, j;

	for (i = 0; w[i]; i++) {
		const char *eq = strchr(w[i], '=');

		if (!eq || eq == w[i])
			return "expected NAME=value words";
		for (j = 0; w[i] + j < eq; j++)
			if (!(isalnum((unsigned char)w[i][j]) || w[i][j] == '_') ||
			    isdigit((unsigned char)w[i][0]))
				return "invalid variable name";
	}
	return NULL;
}

static const char *check_argv(char **w)
{
	size_t i;

	if (!w[0])
		return "empty command";
	if (w[0][0] != '/')
		return "the command must be an absolute path";
	for (i = 0; w[i]; i++)
		if (tmpl_check(w[i]))
			return tmpl_check(w[i]);
	return NULL;
}

/* A value checked and stored into its field; NULL or the reason it is wrong. */
typedef const char *(*setter)(void *field, const char *v);

static const char *set_seconds(void *field, const char *v)
{
	return parse_seconds(v, field, false);
}

static const char *set_seconds_or_zero(void *field, const char *v)
{
	return parse_seconds(v, field, true);
}

/* SERVICES: applied first, see settings_parse. */
static const char *set_nothing(void *field, const char *v)
{
	(void)field;
	(void)v;
	return NULL;
}

static const char *set_path(void *field, const char *v)
{
	const char *why = check_path(v);

	if (why)
		return why;
	set_str(field, v);
	return NULL;
}

static const char *set_text(void *field, const char *v)
{
	if (!*v)
		return "must not be empty";
	set_str(field, v);
	return NULL;
}

/* Words, each checked by check (NULL: any). */
static const char *set_words_checked(char ***field, const char *v,
				     const char *(*check)(char **))
{
	char **w = words_split(v);
	const char *why;

	if (!w)
		return "out of memory";
	why = check ? check(w) : NULL;
	if (why) {
		words_free(w);
		return why;
	}
	words_free(*field);
	*field = w;
	return NULL;
}

static const char *check_ports(char **w)
{
	size_t i;

	for (i = 0; w[i]; i++)
		if (strtoul(w[i], NULL, 10) - 1 > 65534 ||
		    strspn(w[i], "0123456789") != strlen(w[i]))
			return "expected port numbers";
	return NULL;
}

static const char *set_ports(void *field, const char *v)
{
	return set_words_checked(field, v, check_ports);
}

static const char *set_env_words(void *field, const char *v)
{
	return set_words_checked(field, v, check_env_words);
}

static const char *set_words(void *field, const char *v)
{
	return set_words_checked(field, v, NULL);
}

/* CLUSTER_NODES: node names, each once (clusterkeys.c). */
static const char *set_nodes(void *field, const char *v)
{
	return set_words_checked(field, v, cluster_nodes_check);
}

static const char *set_port_base(void *field, const char *v)
{
	char *end;
	long port = strtol(v, &end, 10);

	if (*end || end == v || port < 1 || port > 65000)
		return "expected a port number from 1 to 65000";
	*(unsigned *)field = (unsigned)port;
	return NULL;
}

/* Empty: no instance keeps the management web applications. */
static const char *set_instance_name(void *field, const char *v)
{
	char **name = field;

	if (*v && !instance_name_valid(v))
		return "invalid instance name";
	free(*name);
	*name = *v ? strdup(v) : NULL;
	return NULL;
}

#define FIELD(f) offsetof(struct settings, f)

static const struct setting_key {
	const char *key;
	size_t offset; /* of the field in struct settings */
	setter set;
} keys[] = {
	{ "START_TIMEOUT", FIELD(start_timeout_ms), set_seconds },
	{ "STOP_TIMEOUT", FIELD(stop_timeout_ms), set_seconds },
	{ "STATUS_TIMEOUT", FIELD(status_timeout_ms), set_seconds },
	{ "KILL_GRACE", FIELD(kill_grace_ms), set_seconds_or_zero },
	{ "SERVICES", 0, set_nothing },
	{ "REGISTRY", FIELD(registry), set_path },
	{ "INSTANCE_DIR", FIELD(instance_dir), set_path },
	{ "SUBSYS_DIR", FIELD(subsys_dir), set_path },
	{ "RUN_DIR", FIELD(run_dir), set_path },
	{ "CHILD_PATH", FIELD(child_path), set_text },
	{ "TOMCAT_BASE", FIELD(tomcat_base), set_path },
	{ "CONNECTOR_DIR", FIELD(connector_dir), set_path },
	{ "WEB_CLIENT_CONF", FIELD(web_client_conf), set_path },
	{ "INITD_DIR", FIELD(initd_dir), set_path },
	{ "HELPER", FIELD(helper), set_path },
	{ "STATE_DIR", FIELD(state_dir), set_path },
	{ "VENDOR_BIN", FIELD(vendor_bin), set_path },
	{ "CHKCONFIG", FIELD(chkconfig), set_path },
	{ "SYSTEMCTL", FIELD(systemctl), set_path },
	{ "RPM_DBPATH", FIELD(rpm_dbpath), set_path },
	{ "CHECK_PORTS", FIELD(check_ports), set_ports },
	{ "CHILD_ENV", FIELD(child_env), set_env_words },
	{ "BOOT_SERVICES", FIELD(boot_services), set_words },
	{ "SHUTDOWN_PORT_BASE", FIELD(shutdown_port_base), set_port_base },
	{ "ADMIN_INSTANCE", FIELD(admin_instance), set_instance_name },
	{ "CLUSTER_NODES", FIELD(cluster_nodes), set_nodes },
	{ "VGS", FIELD(vgs), set_path },
};

/* S_SCRIPT, S_PIDFILE (empty: none), S_READY, S_START, S_STOP, S_STATUS,
 * S_STOP_PIDENV. */
static const char *set_service_key(struct subservice_cfg *c, const char *suffix,
				   const char *v)
{
	const char *why;
	size_t i;

	if (strcmp(suffix, "SCRIPT") == 0) {
		if ((why = check_path(v)))
			return why;
		set_str(&c->script, v);
		return NULL;
	}
	if (strcmp(suffix, "PIDFILE") == 0) {
		if (*v && (why = check_path(v)))
			return why;
		free(c->pidfile);
		c->pidfile = *v ? strdup(v) : NULL;
		return NULL;
	}
	if (strcmp(suffix, "READY") == 0) {
		struct ready_spec spec;

		if ((why = ready_parse(v, &spec)))
			return why;
		set_str(&c->ready, v);
		return NULL;
	}
	if (strcmp(suffix, "STOP_PIDENV") == 0) {
		/* A variable's name (empty: none), so it cannot smuggle in another. */
		if (*v &&
		    (strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			       "0123456789_") != strlen(v) ||
		     isdigit((unsigned char)v[0])))
			return "expected an environment variable name";
		free(c->stop_pidenv);
		c->stop_pidenv = *v ? strdup(v) : NULL;
		return NULL;
	}
	for (i = 0; i < 3; i++)
		if (strcmp(suffix, verb_key[i]) == 0) {
			char **w = words_split(v);

			if (!w)
				return "out of memory";
			if ((why = check_argv(w))) {
				words_free(w);
				return why;
			}
			words_free(c->argv[i]);
			c->argv[i] = w;
			return NULL;
		}
	return NULL;
}

const char *settings_apply(struct settings *s, const char *k, const char *v,
			   bool *unknown)
{
	struct subservice_cfg *c;
	const char *suffix, *why;
	char **pkg;
	size_t i;

	*unknown = false;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(k, keys[i].key) == 0)
			return keys[i].set((char *)s + keys[i].offset, v);
	/* PKG_SERVER, PKG_TOMCAT, ...: one a known sub-service. */
	pkg = services_package_field(s, k);
	if (pkg)
		return set_text(pkg, v);
	c = services_for_key(s, k, &suffix);
	if (c)
		return set_service_key(c, suffix, v);
	/* <INSTANCE>_NODE, _IP, _DEVICE, _FSTYPE: the cluster's layout. */
	if (clusterkeys_take(s, k, v, &why))
		return why;
	*unknown = true;
	return NULL;
}
