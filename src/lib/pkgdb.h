/* SPDX-License-Identifier: MIT */
/*
 * What the rpm database knows: which Scalix packages are installed, at which
 * version.  Used to refuse a start where Scalix is not installed (LSB 5) and
 * to put the versions into check --digest, so that version skew between
 * nodes shows before a failover does.
 */
#ifndef SCALIX_HA_PKGDB_H
#define SCALIX_HA_PKGDB_H

#include <stdbool.h>
#include <stddef.h>

#include "settings.h"

#define PKGDB_QUERY_MAX (MAX_SUBSERVICES + 1)

struct pkg_info {
	const char *name;
	bool installed;
	char evr[128]; /* [EPOCH:]VERSION-RELEASE */
};

enum pkgdb_status { PKGDB_OK = 0, PKGDB_NONE = 1, PKGDB_ERROR = -1 };

/* The known sub-services' packages (server first), then scalix-ha itself. */
size_t pkgdb_names(const struct settings *cfg, struct pkg_info *out);

/* Fill pk[] from the database under root (NULL: /); PKGDB_NONE: no database. */
int pkgdb_query(const char *root, const char *dbpath, struct pkg_info *pk, size_t n);

#endif
