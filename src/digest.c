/* SPDX-License-Identifier: MIT */
/*
 * check --digest: one line that must be the same on every node of the
 * cluster: the registry (normalised), the connector files and the package
 * versions, through rpm's SHA-256.
 */
#include "digest.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "log.h"
#include "lsb.h"
#include "pkgdb.h"
#include "rpmlib.h"

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void digest_str(const struct rpmlib *r, DIGEST_CTX ctx, const char *s)
{
	r->digest_update(ctx, s, strlen(s) + 1); /* the NUL keeps fields apart */
}

/* Every regular file of one connector directory, by name, with contents. */
static void digest_dir(const struct rpmlib *r, DIGEST_CTX ctx, const char *dir,
		       const char *label)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;

	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char **grown;

		/* Our own backups and temp files are not configuration. */
		if (e->d_name[0] == '.' ||
		    (l > strlen(BACKUP_SUFFIX) &&
		     strcmp(e->d_name + l - strlen(BACKUP_SUFFIX), BACKUP_SUFFIX) == 0))
			continue;
		grown = realloc(names, (n + 1) * sizeof *names);
		if (!grown)
			break;
		names = grown;
		names[n] = strdup(e->d_name);
		if (names[n])
			n++;
	}
	if (d)
		closedir(d);
	if (n) /* qsort's base must not be NULL, even for no elements */
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		char *path, *buf;
		size_t len;

		if (asprintf(&path, "%s/%s", dir, names[i]) >= 0) {
			buf = file_read(path, &len);
			digest_str(r, ctx, label);
			digest_str(r, ctx, names[i]);
			if (buf)
				r->digest_update(ctx, buf, len);
			free(buf);
			free(path);
		}
		free(names[i]);
	}
	free(names);
}

int check_digest(struct app *a)
{
	static const char *const kinds[] = { "jk", "ajp" };
	struct pkg_info pk[PKGDB_QUERY_MAX];
	size_t npk = pkgdb_names(&a->cfg, pk), i, len;
	const struct rpmlib *r;
	const char *err;
	char **order;
	DIGEST_CTX ctx;
	char *hex = NULL;
	int st;

	/* rpm's SHA-256 (librpmio), loaded here: only --digest needs it. */
	r = rpmlib_get(&err);
	if (!r) {
		log_fatal("unable to compute the digest: %s", err);
		return LSB_GENERIC;
	}
	order = calloc(a->reg.ninst + 1, sizeof *order);
	if (!order || r->init_crypto() != 0) {
		free(order);
		return LSB_GENERIC;
	}
	ctx = r->digest_init(PGPHASHALGO_SHA256, RPMDIGEST_NONE);
	/* The registry, normalised: sorted records of the fields that matter. */
	for (i = 0; i < a->reg.ninst; i++)
		order[i] = a->reg.inst[i].name;
	qsort(order, a->reg.ninst, sizeof *order, cmp_str);
	digest_str(r, ctx, "registry");
	for (i = 0; i < a->reg.ninst; i++) {
		const struct instance *in = registry_find(&a->reg, order[i]);

		digest_str(r, ctx, in->name);
		digest_str(r, ctx, in->host);
		digest_str(r, ctx, in->datadir);
		digest_str(r, ctx, in->autostart ? in->autostart : "");
	}
	for (i = 0; i < 2; i++) {
		char *rel, *dir;

		if (asprintf(&rel, "%s/%s", a->cfg.connector_dir, kinds[i]) < 0)
			continue;
		dir = app_path(a, rel);
		if (dir)
			digest_dir(r, ctx, dir, kinds[i]);
		free(dir);
		free(rel);
	}
	/* Two nodes at different Scalix versions must not look alike. */
	st = pkgdb_query(a->root, a->cfg.rpm_dbpath, pk, npk);
	digest_str(r, ctx, "packages");
	for (i = 0; i < npk; i++) {
		digest_str(r, ctx, pk[i].name);
		digest_str(r, ctx,
			   st == PKGDB_NONE ? "no-rpmdb" :
			   pk[i].installed  ? pk[i].evr :
					      "absent");
	}
	r->digest_final(ctx, (void **)&hex, &len, 1);
	free(order);
	if (!hex)
		return LSB_GENERIC;
	printf("sha256:%s\n", hex);
	free(hex);
	return 0;
}
