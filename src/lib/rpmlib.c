/* SPDX-License-Identifier: MIT */
#include "rpmlib.h"

#include <stddef.h>
#include <stdio.h>

#include "dynlib.h"

/* The build reads the SONAMEs from the libraries it compiles against. */
#ifndef LIBRPM_SONAME
#error "LIBRPM_SONAME must be defined (the Makefile reads it from librpm.so)"
#endif
#ifndef LIBRPMIO_SONAME
#error "LIBRPMIO_SONAME must be defined (the Makefile reads it from librpmio.so)"
#endif

#define SYM(field, name) DYNSYM(rpmlib, field, name)
#define SYM_OPT(field, name) DYNSYM_OPT(rpmlib, field, name)

/*
 * rpm 4.14 renamed addMacro to rpmPushMacro (and made it return int); the
 * older name stays only as a macro in its header.  The floor build looks
 * the new name up under one no librpmio has, so it takes the older path;
 * where librpmio is too new to have addMacro, the floor binds rpmPushMacro
 * in its place (see floor_add_macro).
 */
#ifdef SCALIX_HA_FLOOR
#define PUSH_MACRO_NAME "scalix_ha_floor_hides_rpmPushMacro"
#else
#define PUSH_MACRO_NAME "rpmPushMacro"
#endif

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
	SYM(log_set_mask, "rpmlogSetMask"),
	SYM_OPT(push_macro, PUSH_MACRO_NAME),
	SYM_OPT(add_macro, "addMacro"),
#ifdef SCALIX_HA_FLOOR
	SYM_OPT(floor_push_macro, "rpmPushMacro"),
#endif
	SYM(init_crypto, "rpmInitCrypto"),
	SYM(digest_init, "rpmDigestInit"),
	SYM(digest_update, "rpmDigestUpdate"),
	SYM(digest_final, "rpmDigestFinal"),
};

static struct rpmlib lib;
static const char *macro_binding;

static int push_by_add_macro(rpmMacroContext mc, const char *n, const char *o,
			     const char *b, int level)
{
	lib.add_macro(mc, n, o, b, level);
	return 0;
}

#ifdef SCALIX_HA_FLOOR
static void floor_add_macro(rpmMacroContext mc, const char *n, const char *o,
			    const char *b, int level)
{
	lib.floor_push_macro(mc, n, o, b, level);
}
#endif

/* Which name this librpmio has decides the call; NULL when it has neither. */
static const char *bind_macro(void)
{
#ifdef SCALIX_HA_FLOOR
	if (!lib.add_macro && lib.floor_push_macro)
		lib.add_macro = floor_add_macro;
#endif
	if (lib.push_macro)
		return "rpmPushMacro";
	if (!lib.add_macro)
		return NULL;
	lib.push_macro = push_by_add_macro;
	return "addMacro";
}

const struct rpmlib *rpmlib_get(const char **err)
{
	static struct dynlib_once once;
	/* librpmio first: librpm needs it, and its symbols are its own. */
	static const struct dynlib_spec libs[] = {
		DYNLIB_SPEC(LIBRPMIO_SONAME, rpmio_syms),
		DYNLIB_SPEC(LIBRPM_SONAME, rpm_syms),
	};

	static char why[160];
	const struct rpmlib *r =
		dynlib_once(&once, libs, sizeof libs / sizeof libs[0], &lib, err);

	if (r && !macro_binding && !(macro_binding = bind_macro())) {
		snprintf(why, sizeof why,
			 "unable to load %s: no symbol rpmPushMacro or addMacro",
			 LIBRPMIO_SONAME);
		*err = why;
		return NULL;
	}
	return r;
}

const char *rpmlib_macro_binding(void)
{
	return macro_binding;
}
