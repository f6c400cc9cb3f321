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
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "log.h"
#include "lsb.h"
#include "names.h"
#include "registry.h"
#include "xmllib.h"

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

int cc_format_parse(const char *word, enum cc_format *f)
{
	if (!word || strcmp(word, "rgmanager") == 0)
		*f = CC_RGMANAGER;
	else if (strcmp(word, "cib") == 0)
		*f = CC_CIB;
	else if (strcmp(word, "pcs") == 0)
		*f = CC_PCS;
	else
		return -1;
	return 0;
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

/* --- XML through libxml2's writer, which does the escaping -------------- */

struct xw {
	const struct xmllib *lib;
	xmlTextWriterPtr w;
	bool failed;
};

static void x_start(struct xw *x, const char *element)
{
	if (!x->failed && x->lib->writer_start_element(x->w, BAD_CAST element) < 0)
		x->failed = true;
}

static void x_end(struct xw *x)
{
	if (!x->failed && x->lib->writer_end_element(x->w) < 0)
		x->failed = true;
}

static void x_attr(struct xw *x, const char *name, const char *value)
{
	if (!x->failed &&
	    x->lib->writer_write_attribute(x->w, BAD_CAST name, BAD_CAST value) < 0)
		x->failed = true;
}

static void x_attrf(struct xw *x, const char *name, const char *fmt, ...)
	PRINTFLIKE(3, 4);
static void x_attrf(struct xw *x, const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf) {
		x->failed = true;
		return;
	}
	x_attr(x, name, buf);
}

static void address_with_prefix(const struct cc_params *p, char *buf, size_t len)
{
	if (p->prefix >= 0)
		snprintf(buf, len, "%s/%d", p->addr, p->prefix);
	else
		snprintf(buf, len, "%s", p->addr);
}

/* rgmanager: one <service>; fs, ip and script start in that order. */
static void write_rgmanager(struct xw *x, const struct cc_params *p)
{
	char addr[INET6_ADDRSTRLEN + 8];

	address_with_prefix(p, addr, sizeof addr);
	x_start(x, "service");
	x_attr(x, "name", p->instance);
	x_attr(x, "autostart", "1");
	/* A failed instance gets a fresh node rather than a restart in place. */
	x_attr(x, "recovery", "relocate");

	x_start(x, "fs");
	x_attrf(x, "name", "scalix-%s-fs", p->instance);
	x_attr(x, "device", p->device);
	x_attr(x, "mountpoint", p->mountpoint);
	x_attr(x, "fstype", p->fstype);
	/* Whatever still holds the storage must not keep it from moving. */
	x_attr(x, "force_unmount", "1");
	x_end(x);

	x_start(x, "ip");
	x_attr(x, "address", addr);
	x_attr(x, "monitor_link", "1");
	x_end(x);

	x_start(x, "script");
	x_attrf(x, "name", "scalix-ha-%s", p->instance);
	x_attr(x, "file", p->script);
	/* rgmanager's timeouts are off by default: a hung stop blocks forever. */
	x_attr(x, "__enforce_timeouts", "1");
	x_start(x, "action");
	x_attr(x, "name", "start");
	x_attrf(x, "timeout", "%u", p->start_s);
	x_end(x);
	x_start(x, "action");
	x_attr(x, "name", "stop");
	x_attrf(x, "timeout", "%u", p->stop_s);
	x_end(x);
	x_start(x, "action");
	x_attr(x, "name", "status");
	x_attr(x, "depth", "0");
	x_attr(x, "interval", "30");
	x_attrf(x, "timeout", "%u", p->monitor_s);
	x_end(x);
	x_end(x); /* script */
	x_end(x); /* service */
}

static void cib_nvpair(struct xw *x, const char *owner, const char *name,
		       const char *value)
{
	x_start(x, "nvpair");
	x_attrf(x, "id", "%s-%s", owner, name);
	x_attr(x, "name", name);
	x_attr(x, "value", value);
	x_end(x);
}

/* One <op>; depth > 0 adds OCF_CHECK_LEVEL. */
static void cib_op(struct xw *x, const char *prim, const char *name, unsigned interval_s,
		   unsigned timeout_s, int depth)
{
	char id[160], ia[200], level[12];

	snprintf(id, sizeof id, "%s-%s-interval-%us", prim, name, interval_s);
	x_start(x, "op");
	x_attr(x, "id", id);
	x_attr(x, "name", name);
	x_attrf(x, "interval", "%us", interval_s);
	x_attrf(x, "timeout", "%us", timeout_s);
	if (depth > 0) {
		snprintf(ia, sizeof ia, "%s-instance_attributes", id);
		snprintf(level, sizeof level, "%d", depth);
		x_start(x, "instance_attributes");
		x_attr(x, "id", ia);
		cib_nvpair(x, ia, "OCF_CHECK_LEVEL", level);
		x_end(x);
	}
	x_end(x);
}

/*
 * Opens <primitive id="GROUP-SUFFIX" class="ocf"> and its <instance_attributes>;
 * prim and ia receive the ids that the nvpairs and operations are named after.
 */
static void cib_primitive_start(struct xw *x, const char *group, const char *suffix,
				const char *provider, const char *type, char *prim,
				size_t primlen, char *ia, size_t ialen)
{
	snprintf(prim, primlen, "%s-%s", group, suffix);
	snprintf(ia, ialen, "%s-instance_attributes", prim);
	x_start(x, "primitive");
	x_attr(x, "id", prim);
	x_attr(x, "class", "ocf");
	x_attr(x, "provider", provider);
	x_attr(x, "type", type);
	x_start(x, "instance_attributes");
	x_attr(x, "id", ia);
}

/* Closes <instance_attributes>, opens <operations>. */
static void cib_operations_start(struct xw *x)
{
	x_end(x);
	x_start(x, "operations");
}

/* Closes <operations> and the <primitive>. */
static void cib_primitive_end(struct xw *x)
{
	x_end(x);
	x_end(x);
}

/* Pacemaker: a <group>, whose members start in document order. */
static void write_cib(struct xw *x, const struct cc_params *p)
{
	char group[INSTANCE_NAME_MAX + 16], prim[INSTANCE_NAME_MAX + 32];
	char ia[INSTANCE_NAME_MAX + 64], prefix[12];

	/* IDs are XML names: "scalix-" keeps a leading digit out. */
	snprintf(group, sizeof group, "scalix-%s", p->instance);
	x_start(x, "group");
	x_attr(x, "id", group);

	cib_primitive_start(x, group, "fs", "heartbeat", "Filesystem", prim, sizeof prim,
			    ia, sizeof ia);
	cib_nvpair(x, ia, "device", p->device);
	cib_nvpair(x, ia, "directory", p->mountpoint);
	cib_nvpair(x, ia, "fstype", p->fstype);
	cib_operations_start(x);
	cib_op(x, prim, "start", 0, 60, 0);
	cib_op(x, prim, "stop", 0, 60, 0);
	cib_op(x, prim, "monitor", 20, 40, 0);
	cib_primitive_end(x);

	cib_primitive_start(x, group, "ip", "heartbeat", "IPaddr2", prim, sizeof prim, ia,
			    sizeof ia);
	cib_nvpair(x, ia, "ip", p->addr);
	if (p->prefix >= 0) {
		snprintf(prefix, sizeof prefix, "%d", p->prefix);
		cib_nvpair(x, ia, "cidr_netmask", prefix);
	}
	cib_operations_start(x);
	cib_op(x, prim, "start", 0, 20, 0);
	cib_op(x, prim, "stop", 0, 20, 0);
	cib_op(x, prim, "monitor", 10, 20, 0);
	cib_primitive_end(x);

	cib_primitive_start(x, group, "instance", "scalix", "instance", prim, sizeof prim,
			    ia, sizeof ia);
	cib_nvpair(x, ia, "instance", p->instance);
	cib_operations_start(x);
	cib_op(x, prim, "start", 0, p->start_s, 0);
	cib_op(x, prim, "stop", 0, p->stop_s, 0);
	cib_op(x, prim, "monitor", 30, p->monitor_s, 0);
	cib_op(x, prim, "monitor", 120, p->deep_monitor_s, 10);
	cib_primitive_end(x);

	x_end(x); /* group */
}

static int write_xml(FILE *out, enum cc_format f, const struct cc_params *p)
{
	const char *err;
	const struct xmllib *lib = xmllib_get(&err);
	xmlBufferPtr buf;
	struct xw x = { lib, NULL, false };
	int rc = -1;

	if (!lib) {
		log_fatal("%s", err);
		return -1;
	}
	buf = lib->buffer_create();
	if (!buf)
		return -1;
	x.w = lib->new_text_writer_memory(buf, 0);
	if (!x.w) {
		lib->buffer_free(buf);
		return -1;
	}
	if (lib->writer_set_indent(x.w, 1) < 0 ||
	    lib->writer_set_indent_string(x.w, BAD_CAST "  ") < 0)
		x.failed = true;
	if (f == CC_RGMANAGER)
		write_rgmanager(&x, p);
	else
		write_cib(&x, p);
	if (!x.failed && lib->writer_flush(x.w) >= 0 &&
	    fwrite(lib->buffer_content(buf), 1, (size_t)lib->buffer_length(buf), out) ==
		    (size_t)lib->buffer_length(buf))
		rc = 0;
	lib->free_text_writer(x.w);
	lib->buffer_free(buf);
	return rc;
}

/* --- pcs: shell words ----------------------------------------------------- */

/* One word for sh: as is when harmless, else single-quoted. */
static void sh_word(FILE *out, const char *w)
{
	const char *c;
	bool plain = *w != '\0';

	for (c = w; *c && plain; c++)
		if (!isalnum((unsigned char)*c) && !strchr("/._:=,+@%-", *c))
			plain = false;
	if (plain) {
		fputs(w, out);
		return;
	}
	fputc('\'', out);
	for (c = w; *c; c++)
		if (*c == '\'')
			fputs("'\\''", out);
		else
			fputc(*c, out);
	fputc('\'', out);
}

/* " NAME=VALUE" as one word; false when out of memory. */
static bool sh_pair(FILE *out, const char *name, const char *value)
{
	char *w;

	if (asprintf(&w, "%s=%s", name, value) < 0)
		return false;
	fputc(' ', out);
	sh_word(out, w);
	free(w);
	return true;
}

static int write_pcs(FILE *out, const struct cc_params *p)
{
	char group[INSTANCE_NAME_MAX + 16], prefix[12];
	bool ok;

	snprintf(group, sizeof group, "scalix-%s", p->instance);
	fprintf(out, "pcs resource create %s-fs ocf:heartbeat:Filesystem", group);
	ok = sh_pair(out, "device", p->device) &&
	     sh_pair(out, "directory", p->mountpoint) &&
	     sh_pair(out, "fstype", p->fstype);
	fprintf(out,
		" op start timeout=60s op stop timeout=60s"
		" op monitor interval=20s timeout=40s --group %s\n",
		group);

	fprintf(out, "pcs resource create %s-ip ocf:heartbeat:IPaddr2", group);
	ok = ok && sh_pair(out, "ip", p->addr);
	if (p->prefix >= 0) {
		snprintf(prefix, sizeof prefix, "%d", p->prefix);
		ok = ok && sh_pair(out, "cidr_netmask", prefix);
	}
	fprintf(out,
		" op start timeout=20s op stop timeout=20s"
		" op monitor interval=10s timeout=20s --group %s\n",
		group);

	fprintf(out, "pcs resource create %s-instance ocf:scalix:instance", group);
	ok = ok && sh_pair(out, "instance", p->instance);
	fprintf(out,
		" op start timeout=%us op stop timeout=%us"
		" op monitor interval=30s timeout=%us"
		" op monitor interval=120s timeout=%us OCF_CHECK_LEVEL=10 --group %s\n",
		p->start_s, p->stop_s, p->monitor_s, p->deep_monitor_s, group);
	return ok && !ferror(out) ? 0 : -1;
}

int cc_write(FILE *out, enum cc_format f, const struct cc_params *p)
{
	if (f == CC_PCS)
		return write_pcs(out, p);
	return write_xml(out, f, p);
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
