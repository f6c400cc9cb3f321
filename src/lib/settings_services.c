/* SPDX-License-Identifier: MIT */
/*
 * The sub-services: the known ones as data, SERVICES, and the defaults each
 * gets.  A further known sub-service is one row of known_services.
 */
#include "settings_services.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

static const char *const verb_word[3] = { "start", "stop", "status" };

/*
 * What the vendor ships: the init script's name, where it keeps its pid file
 * on the instance storage (NULL: status comes from the script), how it shows
 * that it serves (S_READY, readyspec.h; NULL: no probe), its package with
 * the key that renames it, and the variable its stop takes a pid file from
 * (catalina.sh: CATALINA_PID).  The first row's package decides whether
 * Scalix is installed here.
 */
static const struct known_service {
	const char *name, *pidfile, *ready, *pkg_key, *pkg, *stop_pidenv;
} known_services[] = {
	{ "scalix", NULL, NULL, "PKG_SERVER", "scalix-server", NULL },
	{ "scalix-tomcat", "/var/opt/scalix/%a/tomcat/tomcat.pid", "http:%h",
	  "PKG_TOMCAT", "scalix-tomcat", "CATALINA_PID" },
	{ "scalix-postgres", "/var/opt/scalix/%a/postgres/data/postmaster.pid",
	  "tcp:%h:5733", "PKG_POSTGRES", "scalix-postgres", NULL },
};
#define NKNOWN (sizeof known_services / sizeof known_services[0])
_Static_assert(NKNOWN <= MAX_SUBSERVICES, "one package slot a known sub-service");

void subservice_key(const char *name, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < outlen; i++)
		out[i] = (char)(name[i] == '-' ? '_' : toupper((unsigned char)name[i]));
	out[i] = '\0';
}

static int add_service(struct settings *s, const char *name)
{
	struct subservice_cfg *c = &s->svc[s->nsvc++];
	char path[256];
	size_t k;

	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	snprintf(path, sizeof path, "/etc/rc.d/init.d/%s", name);
	c->script = strdup(path);
	for (k = 0; k < NKNOWN; k++) {
		if (strcmp(name, known_services[k].name) != 0)
			continue;
		if (known_services[k].pidfile)
			c->pidfile = strdup(known_services[k].pidfile);
		if (known_services[k].ready)
			c->ready = strdup(known_services[k].ready);
		if (known_services[k].stop_pidenv)
			c->stop_pidenv = strdup(known_services[k].stop_pidenv);
	}
	return c->script ? 0 : -1;
}

void services_clear(struct settings *s)
{
	size_t i, v;

	for (i = 0; i < s->nsvc; i++) {
		free(s->svc[i].script);
		free(s->svc[i].pidfile);
		free(s->svc[i].ready);
		free(s->svc[i].stop_pidenv);
		for (v = 0; v < 3; v++)
			words_free(s->svc[i].argv[v]);
	}
	s->nsvc = 0;
}

int services_set(struct settings *s, char **names)
{
	size_t i;

	services_clear(s);
	for (i = 0; names[i]; i++)
		if (add_service(s, names[i]) < 0)
			return -1;
	return 0;
}

int services_default_packages(struct settings *s)
{
	size_t k;

	for (k = 0; k < NKNOWN; k++)
		if (!(s->pkg[k] = strdup(known_services[k].pkg)))
			return -1;
	s->npkg = NKNOWN;
	return 0;
}

char **services_package_field(struct settings *s, const char *key)
{
	size_t k;

	for (k = 0; k < NKNOWN; k++)
		if (strcmp(key, known_services[k].pkg_key) == 0)
			return &s->pkg[k];
	return NULL;
}

struct subservice_cfg *services_for_key(struct settings *s, const char *key,
					const char **suffix)
{
	static const char *const suffixes[] = { "SCRIPT",     "PIDFILE", "READY",
						"START",      "STOP",	 "STATUS",
						"STOP_PIDENV" };
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

const char *services_apply(struct settings *s, const char *v)
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
	if (services_set(s, w) < 0) {
		words_free(w);
		return "out of memory";
	}
	words_free(w);
	return NULL;
}

int services_finish(struct settings *s)
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
