/* SPDX-License-Identifier: MIT */
/* connectors: the Apache connector files every node needs for every instance. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomicfile.h"
#include "connectors.h"
#include "log.h"
#include "lsb.h"
#include "workers.h"

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

char *worker_list(const struct app *a)
{
	size_t i, len = 1;
	const char **names = calloc(a->reg.ninst + 1, sizeof *names);
	char *out;

	if (!names)
		return NULL;
	for (i = 0; i < a->reg.ninst; i++) {
		names[i] = a->reg.inst[i].name;
		len += strlen(names[i]) + 1;
	}
	qsort(names, a->reg.ninst, sizeof *names, cmp_names);
	out = malloc(len);
	if (out) {
		char *end = out; /* len counted every name and comma above */

		*end = '\0';
		for (i = 0; i < a->reg.ninst; i++) {
			if (i)
				*end++ = ',';
			end = stpcpy(end, names[i]);
		}
	}
	free(names);
	return out;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int plan_connectors(struct app *a, struct plan *p)
{
	static const char *const kinds[] = { "jk", "ajp" };
	char *dir = app_path(a, a->cfg.connector_dir), *src, *srw = NULL;
	char *list = NULL, *path = NULL, *buf = NULL, *out;
	const char *why;
	size_t srw_len = 0, len = 0, outlen, i, k, line;
	int rc = LSB_GENERIC;

	if (!dir)
		return LSB_GENERIC;
	if (!is_dir(dir)) {
		log_warn("unable to lay the Apache connector files: %s does not exist",
			 dir);
		free(dir);
		return 0;
	}
	src = app_path(a, a->cfg.web_client_conf);
	if (src) {
		srw = file_read(src, &srw_len);
		if (!srw)
			log_warn("unable to lay the Rules Wizard files: unable to read "
				 "%s: %s",
				 src, strerror(errno));
	}
	free(src);
	for (k = 0; k < 2; k++) {
		char *sub;

		char *real;

		if (asprintf(&sub, "%s/%s", a->cfg.connector_dir, kinds[k]) < 0)
			goto out;
		real = app_path(a, sub);
		if (!real || !is_dir(real)) {
			log_warn("unable to lay connector files in %s: it is missing",
				 real ? real : sub);
			free(real);
			free(sub);
			continue;
		}
		free(real);
		for (i = 0; srw && i < a->reg.ninst; i++) {
			char *file, *copy = malloc(srw_len + 1);

			if (!copy || asprintf(&file, "%s/app-%s.srw.conf", sub,
					      a->reg.inst[i].name) < 0) {
				free(copy);
				free(sub);
				goto out;
			}
			memcpy(copy, srw, srw_len);
			if (plan_file(p, file, copy, srw_len, 0644,
				      "lay the Rules Wizard connector") < 0) {
				free(file);
				free(sub);
				goto out;
			}
			free(file);
		}
		free(sub);
	}
	/* mod_jk needs every instance as a worker on every node. */
	list = worker_list(a);
	if (!list || asprintf(&path, "%s/jk", dir) < 0)
		goto out;
	if (!is_dir(path)) {
		rc = 0;
		goto out;
	}
	free(path);
	if (asprintf(&path, "%s/jk/workers.conf", dir) < 0) {
		path = NULL;
		goto out;
	}
	buf = file_read(path, &len);
	if (!buf && errno != ENOENT) {
		log_fatal("unable to read %s: %s", path, strerror(errno));
		rc = LSB_NOT_CONFIGURED;
		goto out;
	}
	if (buf && (why = workers_refuse(buf, len, &line))) {
		log_fatal("%s:%zu: %s", path, line, why);
		rc = LSB_NOT_CONFIGURED;
		goto out;
	}
	out = workers_set_list(buf ? buf : "", buf ? len : 0, list, &outlen);
	if (out) {
		char *label;

		if (asprintf(&label, "%s/jk/workers.conf", a->cfg.connector_dir) < 0) {
			free(out);
			goto out;
		}
		rc = plan_file_at(p, path, label, out, outlen, 0644,
				  "list the mod_jk workers") < 0 ?
			     LSB_GENERIC :
			     0;
		free(label);
	}
out:
	free(dir);
	free(srw);
	free(list);
	free(path);
	free(buf);
	return rc;
}
