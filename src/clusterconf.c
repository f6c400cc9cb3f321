/* SPDX-License-Identifier: MIT */
/*
 * cluster-conf: prints the cluster manager's configuration of one instance.
 * Every resource the instance needs, in the order they must start: its
 * storage on INSTANCE_DIR, its address, then the instance.  Timeouts are
 * derived from the helper's own bounds, so the manager never gives up on a
 * stop the helper would still finish.
 */
#include "clusterconf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "log.h"
#include "lsb.h"
#include "names.h"
#include "registry.h"

static char *opt_format, *opt_ip, *opt_device, *opt_fstype;

struct poptOption clusterconf_options[] = {
	{ "format", 0, POPT_ARG_STRING, &opt_format, 0,
	  "cluster-conf: rgmanager (default), cib or pcs", "FORMAT" },
	{ "ip", 0, POPT_ARG_STRING, &opt_ip, 0,
	  "cluster-conf: the instance's service address", "ADDR[/PREFIX]" },
	{ "device", 0, POPT_ARG_STRING, &opt_device, 0,
	  "cluster-conf: the block device of the instance's storage", "DEV" },
	{ "fstype", 0, POPT_ARG_STRING, &opt_fstype, 0,
	  "cluster-conf: its file system type (default ext3)", "TYPE" },
	POPT_TABLEEND
};

/* The formats, in the order of enum cc_format: one writer a file. */
static const struct {
	const char *name;
	int (*write)(FILE *out, const struct cc_params *p);
} formats[] = {
	[CC_RGMANAGER] = { "rgmanager", cc_write_rgmanager },
	[CC_CIB] = { "cib", cc_write_cib },
	[CC_PCS] = { "pcs", cc_write_pcs },
};

int cc_format_parse(const char *word, enum cc_format *f)
{
	size_t i;

	if (!word) {
		*f = CC_RGMANAGER;
		return 0;
	}
	for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(word, formats[i].name) == 0) {
			*f = (enum cc_format)i;
			return 0;
		}
	return -1;
}

bool cc_ip_parse(const char *arg, char *addr, size_t addrlen, int *prefix)
{
	unsigned char bin[sizeof(struct in6_addr)];
	const char *slash;
	size_t len;
	int max;

	if (!arg)
		return false;
	slash = strchr(arg, '/');
	len = slash ? (size_t)(slash - arg) : strlen(arg);
	if (len == 0 || len >= addrlen)
		return false;
	memcpy(addr, arg, len);
	addr[len] = '\0';
	if (inet_pton(AF_INET, addr, bin) == 1)
		max = 32;
	else if (inet_pton(AF_INET6, addr, bin) == 1)
		max = 128;
	else
		return false;
	*prefix = -1;
	if (slash) {
		const char *p = slash + 1;
		long v;
		char *end;

		/* Digits only: strtol would take "+24" or " 24". */
		if (!isdigit((unsigned char)*p) || strlen(p) > 3)
			return false;
		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || *end || v < 1 || v > max)
			return false;
		*prefix = (int)v;
	}
	return true;
}

bool cc_device_valid(const char *dev)
{
	const char *c;

	if (!dev || dev[0] != '/' || dev[1] == '\0' || strlen(dev) >= PATH_MAX)
		return false;
	for (c = dev; *c; c++)
		if (iscntrl((unsigned char)*c))
			return false;
	return true;
}

bool cc_fstype_valid(const char *fstype)
{
	const char *c;

	if (!fstype || !*fstype || strlen(fstype) > 32)
		return false;
	for (c = fstype; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("._+-", *c))
			return false;
	return isalnum((unsigned char)fstype[0]);
}

/* Whole seconds, rounded up to a multiple of ten. */
static unsigned round_up10(int64_t ms)
{
	int64_t s = (ms + 999) / 1000;

	return (unsigned)((s + 9) / 10 * 10);
}

void cc_timeouts(const struct settings *s, struct cc_params *p)
{
	int64_t nsvc = (int64_t)s->nsvc, nports = 0, nready = 0, i;
	int64_t stop_work = nsvc * s->stop_timeout_ms + s->kill_grace_ms + 1000;

	while (s->check_ports && s->check_ports[nports])
		nports++;
	for (i = 0; i < nsvc; i++)
		nready += s->svc[i].ready && *s->svc[i].ready &&
			  strcmp(s->svc[i].ready, "none") != 0;
	/* Each sub-service within START_TIMEOUT (start, status, readiness); a
	 * failed start then stops the instance (N x STOP_TIMEOUT + KILL_GRACE + 1 s). */
	p->start_s = round_up10(nsvc * s->start_timeout_ms + stop_work + 20000);
	/* CONTRACT: lock + N x STOP_TIMEOUT + KILL_GRACE + 1 s, and slack. */
	p->stop_s = round_up10(s->stop_timeout_ms + stop_work + 30000);
	p->monitor_s = round_up10(nsvc * s->status_timeout_ms + 10000);
	/* The deep monitor adds a 5 s probe per readiness probe and CHECK_PORTS port. */
	p->deep_monitor_s = round_up10(nsvc * s->status_timeout_ms +
				       (nports + nready) * 5000 + 10000);
}

int cc_write(FILE *out, enum cc_format f, const struct cc_params *p)
{
	return formats[f].write(out, p);
}

static int run_cluster_conf(struct app *a, const struct verb *v, char **args, size_t n)
{
	char addr[INET6_ADDRSTRLEN];
	const struct instance *in;
	struct cc_params p = { 0 };
	char *mountpoint = NULL, *script = NULL;
	enum cc_format f;
	int rc;

	if (n != 1) {
		log_fatal("unable to %s: name exactly one instance", v->name);
		return LSB_ARGS;
	}
	if (cc_format_parse(opt_format, &f) < 0) {
		log_fatal("unable to %s: unknown --format %s (rgmanager, cib, pcs)",
			  v->name, opt_format);
		return LSB_ARGS;
	}
	if (!opt_ip || !opt_device) {
		log_fatal("unable to %s: --ip and --device are required", v->name);
		return LSB_ARGS;
	}
	if (!cc_ip_parse(opt_ip, addr, sizeof addr, &p.prefix)) {
		log_fatal("unable to %s: --ip %s: not an IPv4 or IPv6 address[/prefix]",
			  v->name, opt_ip);
		return LSB_ARGS;
	}
	if (!cc_device_valid(opt_device)) {
		log_fatal("unable to %s: --device %s: not an absolute path", v->name,
			  opt_device);
		return LSB_ARGS;
	}
	p.fstype = opt_fstype ? opt_fstype : "ext3";
	if (!cc_fstype_valid(p.fstype)) {
		log_fatal("unable to %s: --fstype %s: not a file system type", v->name,
			  p.fstype);
		return LSB_ARGS;
	}
	if (!instance_name_valid(args[0])) {
		log_fatal("unable to %s %s: invalid instance name", v->name, args[0]);
		return LSB_ARGS;
	}
	in = registry_find(&a->reg, args[0]);
	if (!in) {
		log_fatal("unable to %s %s: not registered in %s", v->name, args[0],
			  a->reg.path);
		return LSB_NOT_CONFIGURED;
	}
	/* The cluster mounts the real path, not one under --root. */
	mountpoint = layout_dir(NULL, &a->cfg, in);
	script = layout_init_name(NULL, &a->cfg, in);
	if (!mountpoint || !script) {
		log_fatal("unable to %s %s: out of memory", v->name, in->name);
		free(mountpoint);
		free(script);
		return LSB_GENERIC;
	}
	p.instance = in->name;
	p.mountpoint = mountpoint;
	p.script = script;
	p.addr = addr;
	p.device = opt_device;
	cc_timeouts(&a->cfg, &p);
	rc = cc_write(stdout, f, &p) < 0 || fflush(stdout) != 0 ? LSB_GENERIC : 0;
	if (rc)
		log_fatal("unable to %s %s: cannot write the configuration", v->name,
			  in->name);
	free(mountpoint);
	free(script);
	return rc;
}

const struct verb clusterconf_verbs[] = {
	{ "cluster-conf", run_cluster_conf, false, false, REGISTRY_RECORDS },
	{ NULL, NULL, false, false, REGISTRY_NONE },
};
