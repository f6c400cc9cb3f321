/* SPDX-License-Identifier: MIT */
#include "pkgdb.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pathtmpl.h"
#include "rpmlib.h"

size_t pkgdb_names(const struct settings *cfg, struct pkg_info *out)
{
	size_t i;

	for (i = 0; i <= cfg->npkg; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].name = i < cfg->npkg ? cfg->pkg[i] : cfg->pkg_self;
	}
	return cfg->npkg + 1;
}

/* A database directory with anything in it (sqlite, bdb or ndb files). */
static bool db_present(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	while (d && !found && (e = readdir(d)))
		found = strcmp(e->d_name, "rpmdb.sqlite") == 0 ||
			strcmp(e->d_name, "Packages") == 0 ||
			strcmp(e->d_name, "Packages.db") == 0;
	if (d)
		closedir(d);
	return found;
}

static bool db_has_packages(const struct rpmlib *r, rpmts ts)
{
	rpmdbMatchIterator mi = r->ts_init_iterator(ts, RPMDBI_PACKAGES, NULL, 0);
	bool any = mi && r->db_next_iterator(mi) != NULL;

	r->db_free_iterator(mi);
	return any;
}

int pkgdb_query(const char *root, const char *dbpath, struct pkg_info *pk, size_t n)
{
	static bool configured;
	char *dir = path_in_root(root, dbpath);
	const struct rpmlib *r;
	const char *err;
	rpmts ts;
	size_t i;
	int rc = PKGDB_OK;

	if (!dir)
		return PKGDB_ERROR;
	if (!db_present(dir)) {
		free(dir);
		return PKGDB_NONE;
	}
	free(dir);
	/* Loaded only now: without a database, librpm is never mapped. */
	r = rpmlib_get(&err);
	if (!r) {
		log_warn("unable to query the rpm database: %s", err);
		return PKGDB_ERROR;
	}
	if (!configured) {
		r->log_set_mask(RPMLOG_UPTO(RPMLOG_PRI(RPMLOG_ERR)));
		if (r->read_config_files(NULL, NULL) != 0)
			return PKGDB_ERROR;
		configured = true;
	}
	/* Our setting, not the distribution's macro (Debian's runs a shell). */
	r->push_macro(NULL, "_dbpath", NULL, dbpath, RMIL_CMDLINE);
	ts = r->ts_create();
	r->ts_set_root_dir(ts, root ? root : "/");
	if (!db_has_packages(r, ts)) {
		/* An empty database (Debian's rpm makes one on first use) is not
		 * this host's package manager: judge as without one. */
		r->ts_free(ts);
		return PKGDB_NONE;
	}
	for (i = 0; i < n; i++) {
		rpmdbMatchIterator mi =
			r->ts_init_iterator(ts, RPMTAG_NAME, pk[i].name, 0);
		Header h = mi ? r->db_next_iterator(mi) : NULL;

		pk[i].installed = h != NULL;
		pk[i].evr[0] = '\0';
		if (h) {
			uint64_t epoch = r->header_get_number(h, RPMTAG_EPOCH);
			const char *v = r->header_get_string(h, RPMTAG_VERSION);
			const char *rel = r->header_get_string(h, RPMTAG_RELEASE);

			if (epoch)
				snprintf(pk[i].evr, sizeof pk[i].evr, "%llu:%s-%s",
					 (unsigned long long)epoch, v ? v : "?",
					 rel ? rel : "?");
			else
				snprintf(pk[i].evr, sizeof pk[i].evr, "%s-%s",
					 v ? v : "?", rel ? rel : "?");
		}
		r->db_free_iterator(mi);
	}
	r->ts_free(ts);
	return rc;
}
