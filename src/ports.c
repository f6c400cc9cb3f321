/* SPDX-License-Identifier: MIT */
/* ports: a cluster-wide unique Tomcat shutdown port for every instance. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "layout.h"
#include "log.h"
#include "lsb.h"
#include "ports.h"
#include "serverxml.h"
#include "settings.h"

unsigned shutdown_port(const struct app *a, const struct instance *inst)
{
	unsigned rank = 0;
	size_t i;

	/* Every node has the same registry, so every node gets the same ports. */
	for (i = 0; i < a->reg.ninst; i++)
		if (strcmp(a->reg.inst[i].name, inst->name) < 0)
			rank++;
	return a->cfg.shutdown_port_base + rank;
}

/* The port now in the instance's server.xml; -1 after logging why not. */
static long current_port(const struct app *a, const struct instance *inst,
			 char **path_out, char **buf_out, size_t *len_out,
			 char **mount_out)
{
	char *path, *buf, *mount, why[PATH_MAX + 128];
	const char *err;
	size_t len;
	long port;

	buf = layout_read_server_xml(a->root, &a->cfg, inst, &path, &mount, &len, why,
				     sizeof why);
	if (!buf) {
		log_fatal("unable to read %s: %s", path ? path : "server.xml", why);
		free(path);
		free(mount);
		return -1;
	}
	port = serverxml_port(buf, len, &err);
	if (port < 0)
		log_fatal("unable to use %s: %s", path, err);
	if (path_out && buf_out && port >= 0) {
		*path_out = path;
		*buf_out = buf;
		*len_out = len;
		*mount_out = mount;
		return port;
	}
	free(path);
	free(buf);
	free(mount);
	return port;
}

/* ports --check: collisions and ports not yet applied; changes nothing. */
static int check_ports(struct app *a)
{
	size_t i, j, problems = 0;
	long *have = calloc(a->reg.ninst + 1, sizeof *have);

	if (!have)
		return LSB_GENERIC;
	for (i = 0; i < a->reg.ninst; i++) {
		const struct instance *in = &a->reg.inst[i];
		unsigned want = shutdown_port(a, in);

		have[i] = layout_mounted(a->root, &a->cfg, in) ?
				  current_port(a, in, NULL, NULL, NULL, NULL) :
				  -2;
		if (have[i] == -1)
			problems++;
		else if (have[i] == -2)
			printf("%s: shutdown port %u (storage not mounted here; not "
			       "checked)\n",
			       in->name, want);
		else if (have[i] != (long)want) {
			printf("%s: shutdown port is %ld, should be %u (fix: scalix-ha "
			       "ports)\n",
			       in->name, have[i], want);
			problems++;
		} else
			printf("%s: shutdown port %u\n", in->name, want);
		if (want > 65535) {
			printf("%s: port %u is out of range (lower SHUTDOWN_PORT_BASE)\n",
			       in->name, want);
			problems++;
		}
	}
	for (i = 0; i < a->reg.ninst; i++)
		for (j = i + 1; j < a->reg.ninst; j++)
			if (have[i] >= 0 && have[i] == have[j]) {
				printf("collision: %s and %s both use shutdown port "
				       "%ld\n",
				       a->reg.inst[i].name, a->reg.inst[j].name, have[i]);
				problems++;
			}
	free(have);
	return problems ? LSB_GENERIC : 0;
}

int plan_ports(struct app *a, struct plan *p)
{
	char *tool;
	size_t i;
	int rc = 0;

	if (a->check)
		return check_ports(a);
	if (asprintf(&tool, "%s/sxtomcat-modify-instance", a->cfg.vendor_bin) < 0)
		return LSB_GENERIC;
	for (i = 0; i < a->reg.ninst && rc == 0; i++) {
		const struct instance *in = &a->reg.inst[i];
		unsigned want = shutdown_port(a, in);
		char *path = NULL, *buf = NULL, *vendor = app_path(a, tool), *what;
		char *mount = NULL;
		size_t len;
		long have;

		if (want > 65535) {
			log_fatal("unable to set the shutdown port of %s: %u is out of "
				  "range",
				  in->name, want);
			rc = LSB_NOT_CONFIGURED;
		} else if (!layout_mounted(a->root, &a->cfg, in)) {
			log_info("set the shutdown port of %s: storage not mounted here; "
				 "port %u "
				 "is set on the node that runs it",
				 in->name, want);
		} else if ((have = current_port(a, in, &path, &buf, &len, &mount)) < 0) {
			rc = LSB_NOT_CONFIGURED;
		} else if (have == (long)want) {
			/* Already so: nothing planned, nothing touched. */
		} else if (asprintf(&what, "set the shutdown port of %s to %u (was %ld)",
				    in->name, want, have) < 0) {
			rc = LSB_GENERIC;
		} else {
			if (vendor && access(vendor, X_OK) == 0) {
				char port[16], **argv = calloc(5, sizeof *argv);

				snprintf(port, sizeof port, "%u", want);
				if (argv) {
					argv[0] = strdup(vendor);
					argv[1] = strdup("-p");
					argv[2] = strdup(port);
					argv[3] = strdup(in->name);
				}
				if (!argv || plan_cmd(p, argv, what) < 0)
					rc = LSB_GENERIC;
			} else {
				const char *err;
				size_t outlen;
				char *out =
					serverxml_set_port(buf, len, want, &outlen, &err);

				if (!out) {
					log_fatal("unable to edit %s: %s", path, err);
					rc = LSB_NOT_CONFIGURED;
				} else if (plan_storage_file(p, mount, path, out, outlen,
							     what) < 0) {
					rc = LSB_GENERIC;
				}
			}
			free(what);
		}
		free(vendor);
		free(path);
		free(buf);
		free(mount);
	}
	free(tool);
	return rc;
}
