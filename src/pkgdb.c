#include "pkgdb.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmts.h>

#include "pathtmpl.h"

size_t pkgdb_names(const struct settings *cfg, struct pkg_info *out)
{
	const char *names[PKGDB_QUERY_MAX] = { cfg->pkg_server, cfg->pkg_tomcat,
					       cfg->pkg_postgres, cfg->pkg_self };
	size_t i;

	for (i = 0; i < PKGDB_QUERY_MAX; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].name = names[i];
	}
	return PKGDB_QUERY_MAX;
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

static bool db_has_packages(rpmts ts)
{
	rpmdbMatchIterator mi = rpmtsInitIterator(ts, RPMDBI_PACKAGES, NULL, 0);
	bool any = mi && rpmdbNextIterator(mi) != NULL;

	rpmdbFreeIterator(mi);
	return any;
}

int pkgdb_query(const char *root, const char *dbpath, struct pkg_info *pk, size_t n)
{
	static bool configured;
	char *dir = path_in_root(root, dbpath);
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
	if (!configured) {
		rpmSetVerbosity(RPMLOG_ERR);
		if (rpmReadConfigFiles(NULL, NULL) != 0)
			return PKGDB_ERROR;
		configured = true;
	}
	/* Our setting, not the distribution's macro (Debian's runs a shell). */
	rpmPushMacro(NULL, "_dbpath", NULL, dbpath, RMIL_CMDLINE);
	ts = rpmtsCreate();
	rpmtsSetRootDir(ts, root ? root : "/");
	if (!db_has_packages(ts)) {
		/* An empty database (Debian's rpm makes one on first use) is not
		 * this host's package manager: judge as without one. */
		rpmtsFree(ts);
		return PKGDB_NONE;
	}
	for (i = 0; i < n; i++) {
		rpmdbMatchIterator mi = rpmtsInitIterator(ts, RPMDBI_NAME, pk[i].name, 0);
		Header h = mi ? rpmdbNextIterator(mi) : NULL;

		pk[i].installed = h != NULL;
		pk[i].evr[0] = '\0';
		if (h) {
			uint64_t epoch = headerGetNumber(h, RPMTAG_EPOCH);
			const char *v = headerGetString(h, RPMTAG_VERSION);
			const char *r = headerGetString(h, RPMTAG_RELEASE);

			if (epoch)
				snprintf(pk[i].evr, sizeof pk[i].evr, "%llu:%s-%s",
					 (unsigned long long)epoch, v ? v : "?",
					 r ? r : "?");
			else
				snprintf(pk[i].evr, sizeof pk[i].evr, "%s-%s",
					 v ? v : "?", r ? r : "?");
		}
		rpmdbFreeIterator(mi);
	}
	rpmtsFree(ts);
	return rc;
}
