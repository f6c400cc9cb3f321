#include "settings.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kv.h"
#include "log.h"
#include "names.h"
#include "pathtmpl.h"
#include "words.h"

#define DEFAULT_SERVICES "scalix-postgres scalix scalix-tomcat"

static const char *const verb_word[3] = { "start", "stop", "status" };
static const char *const verb_key[3] = { "START", "STOP", "STATUS" };

void subservice_key(const char *name, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < outlen; i++)
		out[i] = (char)(name[i] == '-' ? '_' : toupper((unsigned char)name[i]));
	out[i] = '\0';
}

static void set_str(char **field, const char *value)
{
	char *v = strdup(value);

	if (v) {
		free(*field);
		*field = v;
	}
}

static int add_service(struct settings *s, const char *name)
{
	struct subservice_cfg *c = &s->svc[s->nsvc++];
	char path[256];

	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	snprintf(path, sizeof path, "/etc/rc.d/init.d/%s", name);
	c->script = strdup(path);
	/* Where the vendor keeps pid files on the instance storage. */
	if (strcmp(name, "scalix-postgres") == 0)
		c->pidfile = strdup("/var/opt/scalix/%a/postgres/data/postmaster.pid");
	else if (strcmp(name, "scalix-tomcat") == 0)
		c->pidfile = strdup("/var/opt/scalix/%a/tomcat/tomcat.pid");
	return c->script ? 0 : -1;
}

static void clear_services(struct settings *s)
{
	size_t i, v;

	for (i = 0; i < s->nsvc; i++) {
		free(s->svc[i].script);
		free(s->svc[i].pidfile);
		for (v = 0; v < 3; v++)
			words_free(s->svc[i].argv[v]);
	}
	s->nsvc = 0;
}

static int set_services(struct settings *s, char **names)
{
	size_t i;

	clear_services(s);
	for (i = 0; names[i]; i++)
		if (add_service(s, names[i]) < 0)
			return -1;
	return 0;
}

int settings_defaults(struct settings *s)
{
	char **names = words_split(DEFAULT_SERVICES);
	int rc;

	memset(s, 0, sizeof *s);
	s->start_timeout_ms = 60000;
	s->stop_timeout_ms = 30000;
	s->status_timeout_ms = 10000;
	s->kill_grace_ms = 5000;
	s->registry = strdup("/etc/opt/scalix/instance.cfg");
	s->instance_dir = strdup("/var/opt/scalix/%a");
	s->subsys_dir = strdup("/var/lock/subsys");
	s->run_dir = strdup("/var/run/scalix-ha");
	s->child_path = strdup("/opt/scalix/bin:/opt/scalix/diag:"
			       "/opt/scalix-tomcat/bin:/opt/scalix-postgres/bin:"
			       "/sbin:/usr/sbin:/bin:/usr/bin");
	s->child_env = words_split("");
	s->shutdown_port_base = 8005;
	s->tomcat_base = strdup("/var/opt/scalix/%a/tomcat");
	s->connector_dir = strdup("/etc/opt/scalix-tomcat/connector");
	s->web_client_conf = strdup("/opt/scalix/global/httpd/scalix-web-client.conf");
	s->initd_dir = strdup("/etc/rc.d/init.d");
	s->helper = strdup("/usr/sbin/scalix-ha");
	s->state_dir = strdup("/var/lib/scalix-ha");
	s->vendor_bin = strdup("/opt/scalix-tomcat/bin");
	s->boot_services = words_split(DEFAULT_SERVICES);
	s->chkconfig = strdup("/sbin/chkconfig");
	s->systemctl = strdup("/usr/bin/systemctl");
	s->pkg_server = strdup("scalix-server");
	s->pkg_tomcat = strdup("scalix-tomcat");
	s->pkg_postgres = strdup("scalix-postgres");
	s->pkg_self = strdup("scalix-ha");
	s->rpm_dbpath = strdup("/var/lib/rpm");
	s->check_ports = words_split("5733 8080");
	rc = names ? set_services(s, names) : -1;
	words_free(names);
	return rc;
}

void settings_free(struct settings *s)
{
	clear_services(s);
	free(s->registry);
	free(s->instance_dir);
	free(s->subsys_dir);
	free(s->run_dir);
	free(s->child_path);
	words_free(s->child_env);
	free(s->admin_instance);
	free(s->tomcat_base);
	free(s->connector_dir);
	free(s->web_client_conf);
	free(s->initd_dir);
	free(s->helper);
	free(s->state_dir);
	free(s->vendor_bin);
	words_free(s->boot_services);
	free(s->chkconfig);
	free(s->systemctl);
	free(s->pkg_server);
	free(s->pkg_tomcat);
	free(s->pkg_postgres);
	free(s->pkg_self);
	free(s->rpm_dbpath);
	words_free(s->check_ports);
	memset(s, 0, sizeof *s);
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

struct assignment {
	char key[KV_KEY_MAX];
	char *value;
	size_t line;
};

/* The sub-service whose S_ prefix and a known suffix make up key exactly. */
static struct subservice_cfg *service_for_key(struct settings *s, const char *key,
					      const char **suffix)
{
	static const char *const suffixes[] = { "SCRIPT", "PIDFILE", "START", "STOP",
						"STATUS" };
	size_t i, k;

	for (i = 0; i < s->nsvc; i++) {
		char prefix[SUBSERVICE_NAME_MAX + 1];
		size_t plen;

		subservice_key(s->svc[i].name, prefix, sizeof prefix);
		plen = strlen(prefix);
		if (strncmp(key, prefix, plen) != 0 || key[plen] != '_')
			continue;
		for (k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++)
			if (strcmp(key + plen + 1, suffixes[k]) == 0) {
				*suffix = key + plen + 1;
				return &s->svc[i];
			}
	}
	return NULL;
}

/* Apply one assignment; returns NULL or the reason it is wrong. */
static const char *apply(struct settings *s, const struct assignment *a, bool *unknown)
{
	const char *k = a->key, *v = a->value, *why, *suffix;
	struct {
		const char *key;
		char **field;
		bool path;
	} strs[] = {
		{ "REGISTRY", &s->registry, true },
		{ "INSTANCE_DIR", &s->instance_dir, true },
		{ "SUBSYS_DIR", &s->subsys_dir, true },
		{ "RUN_DIR", &s->run_dir, true },
		{ "CHILD_PATH", &s->child_path, false },
		{ "TOMCAT_BASE", &s->tomcat_base, true },
		{ "CONNECTOR_DIR", &s->connector_dir, true },
		{ "WEB_CLIENT_CONF", &s->web_client_conf, true },
		{ "INITD_DIR", &s->initd_dir, true },
		{ "HELPER", &s->helper, true },
		{ "STATE_DIR", &s->state_dir, true },
		{ "VENDOR_BIN", &s->vendor_bin, true },
		{ "CHKCONFIG", &s->chkconfig, true },
		{ "SYSTEMCTL", &s->systemctl, true },
		{ "PKG_SERVER", &s->pkg_server, false },
		{ "PKG_TOMCAT", &s->pkg_tomcat, false },
		{ "PKG_POSTGRES", &s->pkg_postgres, false },
		{ "RPM_DBPATH", &s->rpm_dbpath, true },
	};
	struct subservice_cfg *c;
	size_t i;

	*unknown = false;
	if (strcmp(k, "START_TIMEOUT") == 0)
		return parse_seconds(v, &s->start_timeout_ms, false);
	if (strcmp(k, "STOP_TIMEOUT") == 0)
		return parse_seconds(v, &s->stop_timeout_ms, false);
	if (strcmp(k, "STATUS_TIMEOUT") == 0)
		return parse_seconds(v, &s->status_timeout_ms, false);
	if (strcmp(k, "KILL_GRACE") == 0)
		return parse_seconds(v, &s->kill_grace_ms, true);
	if (strcmp(k, "SERVICES") == 0)
		return NULL; /* applied first, see settings_parse */
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		if (strcmp(k, strs[i].key) != 0)
			continue;
		if (strs[i].path && (why = check_path(v)))
			return why;
		if (!strs[i].path && !*v)
			return "must not be empty";
		set_str(strs[i].field, v);
		return NULL;
	}
	if (strcmp(k, "CHECK_PORTS") == 0) {
		char **w = words_split(v);

		for (i = 0; w && w[i]; i++)
			if (strtoul(w[i], NULL, 10) - 1 > 65534 ||
			    strspn(w[i], "0123456789") != strlen(w[i])) {
				words_free(w);
				return "expected port numbers";
			}
		if (!w)
			return "out of memory";
		words_free(s->check_ports);
		s->check_ports = w;
		return NULL;
	}
	if (strcmp(k, "CHILD_ENV") == 0 || strcmp(k, "BOOT_SERVICES") == 0) {
		char **w = words_split(v);

		if (!w)
			return "out of memory";
		why = k[0] == 'C' ? check_env_words(w) : NULL;
		if (why) {
			words_free(w);
			return why;
		}
		if (k[0] == 'C') {
			words_free(s->child_env);
			s->child_env = w;
		} else {
			words_free(s->boot_services);
			s->boot_services = w;
		}
		return NULL;
	}
	if (strcmp(k, "SHUTDOWN_PORT_BASE") == 0) {
		char *end;
		long port = strtol(v, &end, 10);

		if (*end || end == v || port < 1 || port > 65000)
			return "expected a port number from 1 to 65000";
		s->shutdown_port_base = (unsigned)port;
		return NULL;
	}
	if (strcmp(k, "ADMIN_INSTANCE") == 0) {
		if (*v && !instance_name_valid(v))
			return "invalid instance name";
		free(s->admin_instance);
		s->admin_instance = *v ? strdup(v) : NULL;
		return NULL;
	}
	c = service_for_key(s, k, &suffix);
	if (c && strcmp(suffix, "SCRIPT") == 0) {
		if ((why = check_path(v)))
			return why;
		set_str(&c->script, v);
		return NULL;
	}
	if (c && strcmp(suffix, "PIDFILE") == 0) {
		if (*v && (why = check_path(v)))
			return why;
		free(c->pidfile);
		c->pidfile = *v ? strdup(v) : NULL;
		return NULL;
	}
	for (i = 0; c && i < 3; i++) {
		char **w;

		if (strcmp(suffix, verb_key[i]) != 0)
			continue;
		w = words_split(v);
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
	*unknown = true;
	return NULL;
}

static const char *apply_services(struct settings *s, const char *v)
{
	char **w = words_split(v);
	size_t i, j;

	if (!w)
		return "out of memory";
	for (i = 0; w[i]; i++) {
		const char *p;

		if (i >= MAX_SUBSERVICES || strlen(w[i]) >= SUBSERVICE_NAME_MAX) {
			words_free(w);
			return "at most 8 sub-services of at most 31 characters";
		}
		for (p = w[i]; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') {
				words_free(w);
				return "sub-service names are letters, digits, '-' and "
				       "'_'";
			}
		for (j = 0; j < i; j++) {
			char ki[SUBSERVICE_NAME_MAX], kj[SUBSERVICE_NAME_MAX];

			subservice_key(w[i], ki, sizeof ki);
			subservice_key(w[j], kj, sizeof kj);
			if (strcmp(ki, kj) == 0) {
				bool same = strcmp(w[i], w[j]) == 0;

				words_free(w);
				return same ? "a sub-service is named twice" :
					      "two sub-services share one key prefix "
					      "(case, '-' and '_')";
			}
		}
	}
	if (i == 0) {
		words_free(w);
		return "no sub-service named";
	}
	if (set_services(s, w) < 0) {
		words_free(w);
		return "out of memory";
	}
	words_free(w);
	return NULL;
}

/* Default commands: "<script> <verb> %i". */
static int finish_services(struct settings *s)
{
	size_t i, v;

	for (i = 0; i < s->nsvc; i++)
		for (v = 0; v < 3; v++) {
			char **w;

			if (s->svc[i].argv[v])
				continue;
			w = calloc(4, sizeof *w);
			if (!w)
				return -1;
			w[0] = strdup(s->svc[i].script);
			w[1] = strdup(verb_word[v]);
			w[2] = strdup("%i");
			s->svc[i].argv[v] = w;
			if (!w[0] || !w[1] || !w[2])
				return -1;
		}
	return 0;
}

int settings_parse(struct settings *s, const char *path, const char *buf, size_t len,
		   char **err)
{
	struct assignment *as = NULL;
	size_t nas = 0, line = 0, start, i;
	int rc = -1;

	*err = NULL;
	if (settings_defaults(s) < 0)
		return -1;
	for (start = 0; start < len;) {
		const char *nl = memchr(buf + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - buf) : len;
		struct kv kv;
		struct assignment *na;

		line++;
		switch (kv_parse_line(buf + start, end - start, &kv)) {
		case KV_ERROR:
			if (asprintf(err, "%s:%zu: %s", path, line, kv.error) < 0)
				*err = NULL;
			goto out;
		case KV_ASSIGN:
			na = realloc(as, (nas + 1) * sizeof *as);
			if (!na) {
				free(kv.value);
				goto out;
			}
			as = na;
			memcpy(as[nas].key, kv.key, sizeof kv.key);
			as[nas].value = kv.value;
			as[nas].line = line;
			nas++;
			break;
		default:
			break;
		}
		start = nl ? end + 1 : len;
	}
	/* SERVICES decides which S_* keys exist, so it goes first. */
	for (i = 0; i < nas; i++) {
		const char *why;

		if (strcmp(as[i].key, "SERVICES") != 0)
			continue;
		why = apply_services(s, as[i].value);
		if (why) {
			if (asprintf(err, "%s:%zu: SERVICES: %s", path, as[i].line, why) <
			    0)
				*err = NULL;
			goto out;
		}
	}
	for (i = 0; i < nas; i++) {
		bool unknown;
		const char *why = apply(s, &as[i], &unknown);

		if (why) {
			if (asprintf(err, "%s:%zu: %s: %s", path, as[i].line, as[i].key,
				     why) < 0)
				*err = NULL;
			goto out;
		}
		if (unknown)
			log_warn("%s:%zu: unknown setting %s ignored", path, as[i].line,
				 as[i].key);
	}
	rc = finish_services(s);
out:
	for (i = 0; i < nas; i++)
		free(as[i].value);
	free(as);
	return rc;
}

int settings_override(struct settings *s, const char *key, const char *value, char **err)
{
	struct assignment a = { .line = 0 };
	const char *why;
	bool unknown;

	*err = NULL;
	snprintf(a.key, sizeof a.key, "%s", key);
	a.value = (char *)value;
	why = apply(s, &a, &unknown);
	if (why || unknown)
		*err = strdup(why ? why : "unknown setting");
	return why || unknown ? -1 : 0;
}

int settings_load(struct settings *s, const char *path)
{
	char *buf = NULL, *err = NULL;
	size_t len = 0, cap = 0;
	int fd, rc;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT) {
		log_fatal("unable to read %s: %s", path, strerror(errno));
		settings_defaults(s);
		return -1;
	}
	while (fd >= 0) {
		if (len == cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 4096);

			if (!nb)
				break;
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (fd >= 0)
		close(fd);
	rc = settings_parse(s, path, buf ? buf : "", len, &err);
	if (rc < 0)
		log_fatal("%s", err ? err : "out of memory reading settings");
	free(err);
	free(buf);
	return rc;
}
