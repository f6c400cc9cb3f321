/* SPDX-License-Identifier: MIT */
#include "readiness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "instance.h"
#include "interrupt.h"
#include "layout.h"
#include "log.h"
#include "netprobe.h"
#include "readyspec.h"
#include "serverxml.h"
#include "subservice.h"

/* The HTTP connector's port from the instance's server.xml (8080 without one). */
static unsigned http_port(struct instance_ctx *c)
{
	char *path = layout_server_xml(c->root, c->cfg, c->inst);
	char buf[65536];
	const char *err = NULL;
	ssize_t n = -1;
	long port = TOMCAT_DEFAULT_HTTP_PORT;
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;

	if (fd >= 0) {
		n = read(fd, buf, sizeof buf);
		close(fd);
	}
	if (n > 0) {
		port = serverxml_http_port(buf, (size_t)n, &err);
		if (port < 0) {
			log_warn("unable to read the HTTP port of %s from %s: %s; using "
				 "%d",
				 c->inst->name, path, err, TOMCAT_DEFAULT_HTTP_PORT);
			port = TOMCAT_DEFAULT_HTTP_PORT;
		}
	}
	free(path);
	return (unsigned)port;
}

struct target {
	struct ready_spec spec;
	struct net_addrs addrs;
};

/* Resolve what sub-service i is probed on; false (why set) when impossible. */
static bool target(struct instance_ctx *c, size_t i, int64_t deadline, struct target *t,
		   char *why, size_t len)
{
	const char *v = c->cfg->svc[i].ready;
	const char *host;
	int64_t left = deadline - now_ms();
	int bound = (int)(left < c->cfg->status_timeout_ms ? left :
							     c->cfg->status_timeout_ms);

	if (!v || ready_parse(v, &t->spec) || t->spec.type == READY_NONE)
		return false;
	host = strcmp(t->spec.host, "%h") == 0 ? c->inst->host : t->spec.host;
	if (!t->spec.port)
		t->spec.port = http_port(c);
	if (bound <= 0)
		bound = 1;
	if (net_resolve(host, t->spec.port, bound, &t->addrs, why, len) < 0)
		return false;
	return true;
}

static bool probe(struct instance_ctx *c, size_t i, struct target *t, int64_t deadline,
		  char *why, size_t len)
{
	const char *host = strcmp(t->spec.host, "%h") == 0 ? c->inst->host : t->spec.host;
	int64_t left = deadline - now_ms();
	char fail[128];
	int bound = (int)(left < c->cfg->status_timeout_ms ? left :
							     c->cfg->status_timeout_ms);

	(void)i;
	if (net_serves(&t->addrs, t->spec.type == READY_HTTP, bound > 0 ? bound : 1, fail,
		       sizeof fail))
		return true;
	snprintf(why, len, "%s %s:%u: %s", t->spec.type == READY_HTTP ? "http" : "tcp",
		 host, t->spec.port, fail);
	return false;
}

static bool has_probe(const struct instance_ctx *c, size_t i)
{
	struct ready_spec s;
	const char *v = c->cfg->svc[i].ready;

	return v && !ready_parse(v, &s) && s.type != READY_NONE;
}

bool readiness_check(struct instance_ctx *c, size_t i, int64_t deadline, char *why,
		     size_t len)
{
	struct target t;

	if (!has_probe(c, i))
		return true;
	return target(c, i, deadline, &t, why, len) &&
	       probe(c, i, &t, deadline, why, len);
}

bool readiness_wait(struct instance_ctx *c, size_t i, int64_t deadline, char *why,
		    size_t len)
{
	int64_t pause = 20;
	struct target t;

	if (!has_probe(c, i))
		return true;
	if (!target(c, i, deadline, &t, why, len))
		return false;
	for (;;) {
		if (probe(c, i, &t, deadline, why, len))
			return true;
		if (now_ms() + pause >= deadline || interrupted())
			return false;
		sleep_ms(pause);
		if (pause < 200)
			pause *= 2;
		/* A server that died will never serve: say so now. */
		if (subservice_status(c, i, now_ms() + c->cfg->status_timeout_ms) !=
		    SS_RUNNING) {
			size_t l = strlen(why);

			snprintf(why + l, len - l, "; and it is no longer running");
			return false;
		}
	}
}
