#include "selinuxlib.h"

#include <stdbool.h>
#include <stddef.h>

#include "dynlib.h"

/* The build reads the SONAME from the library it compiles against. */
#ifndef LIBSELINUX_SONAME
#error "LIBSELINUX_SONAME must be defined (the Makefile reads it from libselinux.so)"
#endif

#define SYM(field, name) DYNSYM(selinuxlib, field, name)

static const struct dynsym selinux_syms[] = {
	SYM(is_enabled, "is_selinux_enabled"),
	SYM(lgetfilecon_raw, "lgetfilecon_raw"),
	SYM(selabel_open, "selabel_open"),
	SYM(selabel_lookup_raw, "selabel_lookup_raw"),
	SYM(selabel_close, "selabel_close"),
	SYM(setfscreatecon_raw, "setfscreatecon_raw"),
	SYM(freecon, "freecon"),
};

const struct selinuxlib *selinuxlib_get(const char **err)
{
	static struct selinuxlib lib;
	static char why[512];
	static bool tried, loaded;

	if (!tried) {
		tried = true;
		loaded = dynlib_load(LIBSELINUX_SONAME, selinux_syms,
				     sizeof selinux_syms / sizeof selinux_syms[0], &lib,
				     why, sizeof why) == 0;
	}
	if (!loaded)
		*err = why;
	return loaded ? &lib : NULL;
}
