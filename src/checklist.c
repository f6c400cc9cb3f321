/* SPDX-License-Identifier: MIT */
/*
 * check: the vendor's prerequisites as a checklist, each problem with the
 * command that fixes it (--digest: digest.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "bootstart.h"
#include "check_fencing.h"
#include "check_storage.h"
#include "checklist.h"
#include "connectors.h"
#include "digest.h"
#include "layout.h"
#include "log.h"
#include "lsb.h"
#include "pkgdb.h"
#include "ports.h"
#include "serverxml.h"
#include "settings.h"
#include "spawn.h"
#include "workers.h"

struct checklist {
	size_t problems;
	const char *hosts; /* ROOT/etc/hosts, or NULL */
};

static void ok(const char *fmt, ...) PRINTFLIKE(1, 2);
static void ok(const char *fmt, ...)
{
	va_list ap;

	printf("ok:      ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void problem(struct checklist *c, const char *fix, const char *fmt, ...)
	PRINTFLIKE(3, 4);
static void problem(struct checklist *c, const char *fix, const char *fmt, ...)
{
	va_list ap;

	c->problems++;
	printf("PROBLEM: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n         fix: %s\n", fix);
}

void check_report(struct checklist *c, const char *fix, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (fix)
		problem(c, fix, "%s", msg);
	else
		ok("%s", msg);
}

/* Names on the non-comment lines of a hosts file, for host; its address. */
static bool hosts_lookup(const char *hosts, const char *host, char *addr, size_t addrlen)
{
	char *save = NULL, *copy = strdup(hosts ? hosts : ""), *line;
	bool found = false;

	for (line = strtok_r(copy, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		char *s2 = NULL, *tok, *ip;

		line[strcspn(line, "#")] = '\0';
		ip = strtok_r(line, " \t", &s2);
		while (ip && (tok = strtok_r(NULL, " \t", &s2)))
			if (strcasecmp(tok, host) == 0) {
				snprintf(addr, addrlen, "%s", ip);
				found = true;
				break;
			}
	}
	free(copy);
	return found;
}

/* Forward and back through the resolver; with --root through ROOT/etc/hosts. */
static void check_host(struct app *a, struct checklist *c, const struct instance *in)
{
	char addr[INET6_ADDRSTRLEN + 1] = "", name[NI_MAXHOST], fix[512];
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	bool in_hosts = hosts_lookup(c->hosts, in->host, addr, sizeof addr);

	snprintf(fix, sizeof fix,
		 "add \"<address> %s\" to /etc/hosts on every node, and both "
		 "records to DNS",
		 in->host);
	if (!in_hosts)
		problem(c, fix, "%s (%s) is not in /etc/hosts", in->host, in->name);
	if (a->root) {
		if (in_hosts)
			ok("%s is %s in %s/etc/hosts", in->host, addr, a->root);
		return;
	}
	if (getaddrinfo(in->host, NULL, &hints, &res) != 0 || !res) {
		problem(c, fix, "%s (%s) does not resolve", in->host, in->name);
		return;
	}
	if (getnameinfo(res->ai_addr, res->ai_addrlen, addr, sizeof addr, NULL, 0,
			NI_NUMERICHOST) != 0 ||
	    getnameinfo(res->ai_addr, res->ai_addrlen, name, sizeof name, NULL, 0,
			NI_NAMEREQD) != 0 ||
	    strcasecmp(name, in->host) != 0)
		problem(c, fix, "%s resolves to %s, which does not resolve back to it",
			in->host, addr);
	else
		ok("%s resolves to %s and back", in->host, addr);
	freeaddrinfo(res);
}

static bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static void check_mount_point(struct app *a, struct checklist *c,
			      const struct instance *in)
{
	char *dir = layout_dir(a->root, &a->cfg, in), fix[512];
	struct stat st;

	snprintf(fix, sizeof fix, "mkdir -p %s", dir ? dir : "?");
	if (!dir || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		problem(c, fix, "mount point %s of %s does not exist", dir, in->name);
	else
		ok("mount point %s exists%s", dir,
		   layout_mounted(a->root, &a->cfg, in) ? " and is mounted here" : "");
	free(dir);
}

static void check_autostart(struct app *a, struct checklist *c, const struct instance *in)
{
	(void)a;
	if (!in->autostart || strcmp(in->autostart, "FALSE") != 0)
		problem(c, "scalix-ha register", "%s has OMAUTOSTART=%s", in->name,
			in->autostart ? in->autostart : "(unset)");
}

/* Only where the storage is mounted: server.xml lives there. */
static void check_port(struct app *a, struct checklist *c, const struct instance *in)
{
	char *path, *mount, *buf, why[PATH_MAX + 128];
	const char *err;
	size_t len;
	long port = -1;

	if (!layout_mounted(a->root, &a->cfg, in))
		return;
	buf = layout_read_server_xml(a->root, &a->cfg, in, &path, &mount, &len, why,
				     sizeof why);
	if (path && !buf && errno != ENOENT) {
		/* Refused by the storage walk, or not a regular file. */
		problem(c, "scalix-ha ports", "%s: unable to read %s", in->name, why);
	} else if (path) {
		port = buf ? serverxml_port(buf, len, &err) : -1;
		if (port != (long)shutdown_port(a, in))
			problem(c, "scalix-ha ports",
				"%s: shutdown port in %s is %ld, should be %u", in->name,
				path, port, shutdown_port(a, in));
		else
			ok("%s: shutdown port %ld", in->name, port);
	}
	free(buf);
	free(path);
	free(mount);
}

static void check_connector_files(struct app *a, struct checklist *c,
				  const struct instance *in)
{
	static const char *const kinds[] = { "jk", "ajp" };
	char fix[512], *path;
	size_t k;

	for (k = 0; k < 2; k++) {
		char *rel, *inst_conf;

		if (asprintf(&rel, "%s/%s/app-%s.srw.conf", a->cfg.connector_dir,
			     kinds[k], in->name) < 0)
			continue;
		path = app_path(a, rel);
		if (path && !file_exists(path))
			problem(c, "scalix-ha connectors", "%s is missing", path);
		free(path);
		free(rel);
		if (asprintf(&rel, "%s/%s/instance-%s.conf", a->cfg.connector_dir,
			     kinds[k], in->name) < 0)
			continue;
		inst_conf = app_path(a, rel);
		snprintf(fix, sizeof fix,
			 "copy %s/%s/*-%s.conf from the node where %s was installed",
			 a->cfg.connector_dir, kinds[k], in->name, in->name);
		if (inst_conf && !file_exists(inst_conf))
			problem(c, fix, "%s is missing", inst_conf);
		free(inst_conf);
		free(rel);
	}
}

static void check_init_name(struct app *a, struct checklist *c, const struct instance *in)
{
	char *real = layout_init_name(a->root, &a->cfg, in);
	struct stat lst;

	if (real && lstat(real, &lst) < 0)
		problem(c, "scalix-ha register", "init name %s is missing", real);
	else if (real && !file_exists(real))
		problem(c, "reinstall scalix-ha", "init name %s points to a missing file",
			real);
	free(real);
}

static void check_workers(struct app *a, struct checklist *c)
{
	char *rel, *path, *buf, *have, *want = worker_list(a);
	const char *why;
	size_t len, line;

	if (asprintf(&rel, "%s/jk/workers.conf", a->cfg.connector_dir) < 0) {
		free(want);
		return;
	}
	path = app_path(a, rel);
	buf = path ? file_read(path, &len) : NULL;
	why = buf ? workers_refuse(buf, len, &line) : NULL;
	have = buf && !why ? workers_get_list(buf, len) : NULL;
	if (why)
		problem(c, "remove it with an editor", "%s:%zu: %s", path, line, why);
	else if (!have || !want || strcmp(have, want) != 0)
		problem(c, "scalix-ha connectors", "%s lists workers \"%s\", not \"%s\"",
			path, have ? have : "", want ? want : "");
	else
		ok("%s lists %s", path, want);
	free(have);
	free(buf);
	free(path);
	free(rel);
	free(want);
}

/* Boot start of the vendor services must be off everywhere. */
static void check_bootstart(struct app *a, struct checklist *c)
{
	struct plan p = { .root = a->root };
	size_t i;

	/* Planning a disable changes nothing; its commands are the problems. */
	if (plan_bootstart(a, &p, false) != 0) {
		problem(c, "install chkconfig", "boot start cannot be checked");
	}
	for (i = 0; i < p.n; i++)
		if (p.steps[i].kind == STEP_CMD)
			problem(c, "scalix-ha autostart --disable", "%s starts at boot",
				p.steps[i].argv[2]);
	if (p.n == 0 || (p.n == 1 && p.steps[0].kind == STEP_FILE))
		ok("the Scalix services do not start at boot");
	plan_free(&p);
}

static void check_packages(struct app *a, struct checklist *c)
{
	struct pkg_info pk[PKGDB_QUERY_MAX];
	size_t n = pkgdb_names(&a->cfg, pk), i;
	int st = pkgdb_query(a->root, a->cfg.rpm_dbpath, pk, n);

	if (st == PKGDB_NONE) {
		ok("no rpm database here; packages not checked");
		return;
	}
	if (st == PKGDB_ERROR) {
		problem(c, "rpm --rebuilddb", "the rpm database cannot be read");
		return;
	}
	for (i = 0; i < n; i++) {
		char fix[128];

		snprintf(fix, sizeof fix, "yum install %s", pk[i].name);
		if (pk[i].installed)
			ok("package %s-%s", pk[i].name, pk[i].evr);
		else
			problem(c, fix, "package %s is not installed", pk[i].name);
	}
}

/*
 * The checklist, in the order it prints.  An item prints an "ok:" line or a
 * PROBLEM with its fix (ok, problem); a new item is a function and a row.
 */
static const struct instance_item {
	const char *name;
	void (*run)(struct app *a, struct checklist *c, const struct instance *in);
} instance_items[] = {
	{ "host name", check_host },
	{ "mount point", check_mount_point },
	{ "autostart", check_autostart },
	{ "shutdown port", check_port },
	{ "connector files", check_connector_files },
	{ "init name", check_init_name },
};

/* Once for the node, after every instance's items. */
static const struct node_item {
	const char *name;
	void (*run)(struct app *a, struct checklist *c);
} node_items[] = {
	{ "workers", check_workers },
	{ "boot start", check_bootstart },
	{ "packages", check_packages },
	{ "fencing", check_fencing }, /* check_fencing.c */
	{ "storage", check_storage }, /* check_storage.c */
};

#define NITEMS(t) (sizeof(t) / sizeof(t)[0])

static int run_check(struct app *a, const struct verb *v, char **args, size_t n)
{
	struct checklist c = { 0 };
	char *hosts_path = app_path(a, "/etc/hosts"), *hosts;
	size_t len, i, k;

	(void)args;
	if (n) {
		log_fatal("unable to %s: it takes no instance name", v->name);
		free(hosts_path);
		return LSB_ARGS;
	}
	hosts = hosts_path ? file_read(hosts_path, &len) : NULL;
	c.hosts = hosts;
	ok("%s: %zu instances, names and directories distinct", a->reg.path,
	   a->reg.ninst);
	for (i = 0; i < a->reg.ninst; i++)
		for (k = 0; k < NITEMS(instance_items); k++)
			instance_items[k].run(a, &c, &a->reg.inst[i]);
	for (k = 0; k < NITEMS(node_items); k++)
		node_items[k].run(a, &c);
	free(hosts);
	free(hosts_path);
	printf("%zu problem%s found\n", c.problems, c.problems == 1 ? "" : "s");
	return c.problems ? LSB_GENERIC : 0;
}

static int run_check_verb(struct app *a, const struct verb *v, char **args, size_t n)
{
	if (a->digest)
		return n ? LSB_ARGS : check_digest(a);
	return run_check(a, v, args, n);
}

const struct verb check_verbs[] = {
	{ "check", run_check_verb, false, false, REGISTRY_RECORDS },
	{ NULL, NULL, false, false, REGISTRY_NONE },
};
