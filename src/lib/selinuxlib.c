/* SPDX-License-Identifier: MIT */
#include "selinuxlib.h"

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
	static struct dynlib_once once;
	static const struct dynlib_spec libs[] = {
		DYNLIB_SPEC(LIBSELINUX_SONAME, selinux_syms),
	};

	return dynlib_once(&once, libs, sizeof libs / sizeof libs[0], &lib, err);
}
