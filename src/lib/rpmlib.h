/* SPDX-License-Identifier: MIT */
/*
 * librpm and librpmio, loaded on first use (see dynlib.h): only the package
 * queries and check --digest need them.  Callers include rpm's own headers
 * for the types and call through the table.  Only what rpm 4.8 (RHEL 6)
 * already has: rpmDigest* come from rpmpgp.h (it includes rpm 4.18's
 * rpmcrypto.h), and the macro call is bound by the name this rpm exports.
 */
#ifndef SCALIX_HA_RPMLIB_H
#define SCALIX_HA_RPMLIB_H

#include <rpm/header.h>
#include <rpm/rpmdb.h>
#include <rpm/rpmlib.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmmacro.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmts.h>

struct rpmlib {
	/* librpm */
	__typeof__(rpmReadConfigFiles) *read_config_files;
	__typeof__(rpmtsCreate) *ts_create;
	__typeof__(rpmtsSetRootDir) *ts_set_root_dir;
	__typeof__(rpmtsInitIterator) *ts_init_iterator;
	__typeof__(rpmtsFree) *ts_free;
	__typeof__(rpmdbNextIterator) *db_next_iterator;
	__typeof__(rpmdbFreeIterator) *db_free_iterator;
	__typeof__(headerGetNumber) *header_get_number;
	__typeof__(headerGetString) *header_get_string;
	/* librpmio */
	__typeof__(rpmlogSetMask) *log_set_mask;
	/* rpmPushMacro (rpm 4.14+), or rpm 4.8 to 4.13's addMacro behind an
	 * adapter: the same arguments, no result.  Returns 0 or -1. */
	int (*push_macro)(rpmMacroContext mc, const char *n, const char *o, const char *b,
			  int level);
	void (*add_macro)(rpmMacroContext mc, const char *n, const char *o, const char *b,
			  int level);
#ifdef SCALIX_HA_FLOOR
	int (*floor_push_macro)(rpmMacroContext mc, const char *n, const char *o,
				const char *b, int level);
#endif
	__typeof__(rpmInitCrypto) *init_crypto;
	__typeof__(rpmDigestInit) *digest_init;
	__typeof__(rpmDigestUpdate) *digest_update;
	__typeof__(rpmDigestFinal) *digest_final;
};

/* The table, loaded on the first call; NULL and *err ("unable to load ...")
 * when the libraries cannot be loaded, on this call and every later one. */
const struct rpmlib *rpmlib_get(const char **err);

/* The librpmio function push_macro calls: "rpmPushMacro" or "addMacro". */
const char *rpmlib_macro_binding(void);

#endif
