/* SPDX-License-Identifier: MIT */
/* /etc/sysconfig/scalix-ha read: defaults, then each line, in two passes. */
#include "settings.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clusterkeys.h"
#include "kv.h"
#include "log.h"
#include "settings_keys.h"
#include "settings_services.h"
#include "words.h"

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
	s->pkg_self = strdup("scalix-ha");
	s->rpm_dbpath = strdup("/var/lib/rpm");
	s->check_ports = words_split("5733 8080");
	s->cluster_nodes = words_split("");
	s->vgs = strdup("/sbin/vgs");
	rc = names && services_default_packages(s) == 0 ? services_set(s, names) : -1;
	words_free(names);
	return rc;
}

void settings_free(struct settings *s)
{
	size_t i;

	services_clear(s);
	for (i = 0; i < s->npkg; i++)
		free(s->pkg[i]);
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
	free(s->pkg_self);
	free(s->rpm_dbpath);
	words_free(s->check_ports);
	words_free(s->cluster_nodes);
	free(s->vgs);
	clusterkeys_free(s);
	memset(s, 0, sizeof *s);
}

struct assignment {
	char key[KV_KEY_MAX];
	char *value;
	size_t line;
};

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
		why = services_apply(s, as[i].value);
		if (why) {
			if (asprintf(err, "%s:%zu: SERVICES: %s", path, as[i].line, why) <
			    0)
				*err = NULL;
			goto out;
		}
	}
	for (i = 0; i < nas; i++) {
		bool unknown;
		const char *why = settings_apply(s, as[i].key, as[i].value, &unknown);

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
	rc = services_finish(s);
out:
	for (i = 0; i < nas; i++)
		free(as[i].value);
	free(as);
	return rc;
}

int settings_override(struct settings *s, const char *key, const char *value, char **err)
{
	const char *why;
	bool unknown;

	*err = NULL;
	why = settings_apply(s, key, value, &unknown);
	if (why || unknown)
		*err = strdup(why ? why : "unknown setting");
	return why || unknown ? -1 : 0;
}

/* The settings are small; anything bigger is not them. */
#define SETTINGS_SIZE_MAX (1 << 20)

/*
 * The file's bytes in *buf (NULL when absent: the defaults); -1 after
 * logging why it cannot be read.  Non-blocking and regular files only, so
 * that a FIFO or a device named by -c fails at once instead of hanging.
 */
static int settings_read(const char *path, char **buf, size_t *len)
{
	struct stat st;
	const char *why = NULL;
	size_t got = 0;
	int fd, e = 0;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 || fstat(fd, &st) < 0)
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR;
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_size > SETTINGS_SIZE_MAX)
		why = "larger than 1 MiB";
	else if (!(*buf = malloc((size_t)st.st_size + 1)))
		e = ENOMEM;
	while (*buf && !e && !why) {
		ssize_t n = read(fd, *buf + got, (size_t)st.st_size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			e = errno;
		else if (n == 0)
			break;
		else if ((got += (size_t)n) > (size_t)st.st_size)
			why = "changed while it was read";
	}
	if (fd >= 0)
		close(fd);
	if (!e && !why) {
		*len = got;
		return 0;
	}
	log_fatal("unable to read %s: %s", path, why ? why : strerror(e));
	free(*buf);
	*buf = NULL;
	return -1;
}

int settings_load(struct settings *s, const char *path)
{
	char *buf, *err = NULL;
	size_t len;
	int rc;

	if (settings_read(path, &buf, &len) < 0) {
		settings_defaults(s);
		return -1;
	}
	rc = settings_parse(s, path, buf ? buf : "", len, &err);
	if (rc < 0)
		log_fatal("%s", err ? err : "unable to read the settings: out of memory");
	free(err);
	free(buf);
	return rc;
}
