#include "rpmlib.h"

#include <stddef.h>

#include "dynlib.h"

/* The build reads the SONAMEs from the libraries it compiles against. */
#ifndef LIBRPM_SONAME
#error "LIBRPM_SONAME must be defined (the Makefile reads it from librpm.so)"
#endif
#ifndef LIBRPMIO_SONAME
#error "LIBRPMIO_SONAME must be defined (the Makefile reads it from librpmio.so)"
#endif

#define SYM(field, name) DYNSYM(rpmlib, field, name)

static const struct dynsym rpm_syms[] = {
	SYM(read_config_files, "rpmReadConfigFiles"),
	SYM(ts_create, "rpmtsCreate"),
	SYM(ts_set_root_dir, "rpmtsSetRootDir"),
	SYM(ts_init_iterator, "rpmtsInitIterator"),
	SYM(ts_free, "rpmtsFree"),
	SYM(db_next_iterator, "rpmdbNextIterator"),
	SYM(db_free_iterator, "rpmdbFreeIterator"),
	SYM(header_get_number, "headerGetNumber"),
	SYM(header_get_string, "headerGetString"),
};

static const struct dynsym rpmio_syms[] = {
	SYM(log_set_mask, "rpmlogSetMask"),    SYM(push_macro, "rpmPushMacro"),
	SYM(init_crypto, "rpmInitCrypto"),     SYM(digest_init, "rpmDigestInit"),
	SYM(digest_update, "rpmDigestUpdate"), SYM(digest_final, "rpmDigestFinal"),
};

const struct rpmlib *rpmlib_get(const char **err)
{
	static struct rpmlib lib;
	static struct dynlib_once once;
	/* librpmio first: librpm needs it, and its symbols are its own. */
	static const struct dynlib_spec libs[] = {
		DYNLIB_SPEC(LIBRPMIO_SONAME, rpmio_syms),
		DYNLIB_SPEC(LIBRPM_SONAME, rpm_syms),
	};

	return dynlib_once(&once, libs, sizeof libs / sizeof libs[0], &lib, err);
}
