/* SPDX-License-Identifier: MIT */
/*
 * cluster-conf: prints the cluster manager's configuration of the instances,
 * each on its preferred node.  Every resource an instance needs, in the order
 * they must start: its volume group, its storage on INSTANCE_DIR, its
 * address, then the instance.  The layout comes from the settings
 * (clusterkeys.h), so that every node prints the same text.  Timeouts are
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

#include "clusterkeys.h"
#include "layout.h"
#include "log.h"
#include "lsb.h"
#include "names.h"
#include "registry.h"
#include "settings_services.h"

static char *opt_format, *opt_ip, *opt_device, *opt_fstype, *opt_node, *opt_nodes;

struct poptOption clusterconf_options[] = {
	{ "format", 0, POPT_ARG_STRING, &opt_format, 0,
	  "cluster-conf: rgmanager (default), cib or pcs", "FORMAT" },
	{ "ip", 0, POPT_ARG_STRING, &opt_ip, 0,
	  "cluster-conf: the instance's service address", "ADDR[/PREFIX]" },
	{ "device", 0, POPT_ARG_STRING, &opt_device, 0,
	  "cluster-conf: the block device of the instance's storage", "DEV" },
	{ "fstype", 0, POPT_ARG_STRING, &opt_fstype, 0,
	  "cluster-conf: its file system type (default ext3)", "TYPE" },
	{ "node", 0, POPT_ARG_STRING, &opt_node, 0,
	  "cluster-conf: the instance's preferred node", "NODE" },
	{ "nodes", 0, POPT_ARG_STRING, &opt_nodes, 0,
	  "cluster-conf: the cluster's nodes (default CLUSTER_NODES)", "\"NODE...\"" },
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

bool cc_device_vg(const char *dev, char *vg, size_t vglen)
{
	/* Directories of /dev that are not volume groups. */
	static const char *const not_vg[] = { "mapper", "disk", "md",	 "cciss", "block",
					      "char",	"bus",	"mpath", "dri",	  "input",
					      "net",	"pts",	"shm",	 "snd",	  "usb" };
	const char *name, *slash;
	size_t len, i;

	if (!dev || strncmp(dev, "/dev/", 5) != 0)
		return false;
	name = dev + 5;
	slash = strchr(name, '/');
	if (!slash || slash == name || !slash[1] || strchr(slash + 1, '/'))
		return false;
	len = (size_t)(slash - name);
	if (len >= vglen || name[0] == '-' || name[0] == '.')
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("+_.-", name[i]))
			return false;
	for (i = 0; i < sizeof not_vg / sizeof not_vg[0]; i++)
		if (strlen(not_vg[i]) == len && strncmp(name, not_vg[i], len) == 0)
			return false;
	memcpy(vg, name, len);
	vg[len] = '\0';
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

/* What one service's strings live in. */
struct service_buf {
	char addr[INET6_ADDRSTRLEN];
	char vg[128];
	char *mountpoint, *script;
};

/* The option when one instance is named, else its key; NULL when neither. */
static const char *value_of(struct app *a, const char *instance, const char *opt,
			    const char *suffix)
{
	const char *v = opt ? opt : clusterkeys_get(&a->cfg, instance, suffix);

	return v && *v ? v : NULL;
}

static int service_of(struct app *a, const struct verb *v, const struct instance *in,
		      struct cc_service *s, struct service_buf *b)
{
	const char *ip = value_of(a, in->name, opt_ip, "IP");
	char key[KV_KEY_MAX];

	subservice_key(in->name, key, sizeof key);
	s->instance = in->name;
	s->node = value_of(a, in->name, opt_node, "NODE");
	s->device = value_of(a, in->name, opt_device, "DEVICE");
	s->fstype = value_of(a, in->name, opt_fstype, "FSTYPE");
	if (!s->fstype)
		s->fstype = "ext3";
	if (!s->node || !ip || !s->device) {
		log_fatal("unable to %s %s: set %s_NODE, %s_IP and %s_DEVICE in the "
			  "settings (or give --node, --ip and --device)",
			  v->name, in->name, key, key, key);
		return LSB_NOT_CONFIGURED;
	}
	if (!cluster_node_valid(s->node) || !cluster_node_known(&a->cfg, s->node)) {
		log_fatal("unable to %s %s: node %s: not one of the cluster's nodes "
			  "(CLUSTER_NODES or --nodes)",
			  v->name, in->name, s->node);
		return LSB_NOT_CONFIGURED;
	}
	if (!cc_ip_parse(ip, b->addr, sizeof b->addr, &s->prefix)) {
		log_fatal("unable to %s %s: address %s: not an IPv4 or IPv6 "
			  "address[/prefix]",
			  v->name, in->name, ip);
		return LSB_ARGS;
	}
	if (!cc_device_valid(s->device)) {
		log_fatal("unable to %s %s: device %s: not an absolute path", v->name,
			  in->name, s->device);
		return LSB_ARGS;
	}
	if (!cc_fstype_valid(s->fstype)) {
		log_fatal("unable to %s %s: file system type %s: not a file system type",
			  v->name, in->name, s->fstype);
		return LSB_ARGS;
	}
	s->addr = b->addr;
	s->vg = cc_device_vg(s->device, b->vg, sizeof b->vg) ? b->vg : NULL;
	/* The cluster mounts the real path, not one under --root. */
	b->mountpoint = layout_dir(NULL, &a->cfg, in);
	b->script = layout_init_name(NULL, &a->cfg, in);
	if (!b->mountpoint || !b->script) {
		log_fatal("unable to %s %s: out of memory", v->name, in->name);
		return LSB_GENERIC;
	}
	s->mountpoint = b->mountpoint;
	s->script = b->script;
	return 0;
}

static bool named_before(char **args, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(args[j], args[i]) == 0)
			return true;
	return false;
}

/* The instances named, or every registered one; NULL (reported) on error. */
static const struct instance **instances_of(struct app *a, const struct verb *v,
					    char **args, size_t n, size_t *count, int *rc)
{
	const struct instance **list =
		calloc(n ? n : a->reg.ninst + 1, sizeof(const struct instance *));
	size_t i;

	*rc = LSB_GENERIC;
	if (!list)
		return NULL;
	*count = n ? n : a->reg.ninst;
	for (i = 0; i < *count; i++) {
		list[i] = n ? registry_find(&a->reg, args[i]) : &a->reg.inst[i];
		if (n && !instance_name_valid(args[i])) {
			log_fatal("unable to %s %s: invalid instance name", v->name,
				  args[i]);
			*rc = LSB_ARGS;
		} else if (n && named_before(args, i)) {
			log_fatal("unable to %s %s: named twice", v->name, args[i]);
			*rc = LSB_ARGS;
		} else if (!list[i]) {
			log_fatal("unable to %s %s: not registered in %s", v->name,
				  args[i], a->reg.path);
			*rc = LSB_NOT_CONFIGURED;
		} else {
			continue;
		}
		free(list);
		return NULL;
	}
	return list;
}

static int run_cluster_conf(struct app *a, const struct verb *v, char **args, size_t n)
{
	const struct instance **list = NULL;
	struct cc_service *svc = NULL;
	struct service_buf *buf = NULL;
	struct cc_params p = { 0 };
	char **nodes = NULL;
	enum cc_format f;
	size_t count = 0, i;
	int rc;

	if (cc_format_parse(opt_format, &f) < 0) {
		log_fatal("unable to %s: unknown --format %s (rgmanager, cib, pcs)",
			  v->name, opt_format);
		return LSB_ARGS;
	}
	if (n != 1 && (opt_ip || opt_device || opt_fstype || opt_node)) {
		log_fatal("unable to %s: --ip, --device, --fstype and --node describe "
			  "one instance: name exactly one",
			  v->name);
		return LSB_ARGS;
	}
	if (opt_nodes) {
		const char *why = clusterkeys_set_nodes(&a->cfg, opt_nodes);

		if (why) {
			log_fatal("unable to %s: --nodes %s: %s", v->name, opt_nodes,
				  why);
			return LSB_ARGS;
		}
	}
	nodes = a->cfg.cluster_nodes;
	if (!nodes || !nodes[0]) {
		log_fatal("unable to %s: name the cluster's nodes: CLUSTER_NODES in the "
			  "settings (or --nodes)",
			  v->name);
		return LSB_NOT_CONFIGURED;
	}
	list = instances_of(a, v, args, n, &count, &rc);
	if (!list)
		return rc;
	if (count == 0) {
		log_fatal("unable to %s: no instance registered in %s", v->name,
			  a->reg.path);
		free(list);
		return LSB_NOT_CONFIGURED;
	}
	svc = calloc(count, sizeof *svc);
	buf = calloc(count, sizeof *buf);
	rc = svc && buf ? 0 : LSB_GENERIC;
	for (i = 0; i < count && rc == 0; i++)
		rc = service_of(a, v, list[i], &svc[i], &buf[i]);
	if (rc == 0) {
		p.svc = svc;
		p.nsvc = count;
		p.nodes = nodes;
		cc_timeouts(&a->cfg, &p);
		rc = cc_write(stdout, f, &p) < 0 || fflush(stdout) != 0 ? LSB_GENERIC : 0;
		if (rc)
			log_fatal("unable to %s: cannot write the configuration",
				  v->name);
	}
	for (i = 0; buf && i < count; i++) {
		free(buf[i].mountpoint);
		free(buf[i].script);
	}
	free(buf);
	free(svc);
	free(list);
	return rc;
}

const struct verb clusterconf_verbs[] = {
	{ "cluster-conf", run_cluster_conf, false, false, REGISTRY_RECORDS },
	{ NULL, NULL, false, false, REGISTRY_NONE },
};
