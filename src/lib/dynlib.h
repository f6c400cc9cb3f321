/* SPDX-License-Identifier: MIT */
/*
 * Loading a shared library on first use.  libselinux, librpm and libxml2
 * (with their own dependencies) cost more to map than the short verbs a
 * cluster runs every few seconds spend on their work, and only a few verbs
 * need them.
 */
#ifndef SCALIX_HA_DYNLIB_H
#define SCALIX_HA_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* One symbol: its name, where in the caller's table its address goes, and
 * whether the library may lack it (then the entry is NULL). */
struct dynsym {
	const char *name;
	size_t offset;
	bool optional;
};

/* An entry of a symbol list: field of struct table receives symbol name. */
#define DYNSYM(table, field, name)                         \
	{                                                  \
		name, offsetof(struct table, field), false \
	}

/* The same for a symbol some versions of the library do not export: the
 * caller picks among such entries by which ones are not NULL. */
#define DYNSYM_OPT(table, field, name)                    \
	{                                                 \
		name, offsetof(struct table, field), true \
	}

/* One library to load: its SONAME and the symbols wanted of it. */
struct dynlib_spec {
	const char *soname;
	const struct dynsym *syms;
	size_t n;
};

#define DYNLIB_SPEC(soname, syms)                              \
	{                                                      \
		soname, syms, sizeof(syms) / sizeof((syms)[0]) \
	}

/* Where one table's loading is remembered: it is tried once per process. */
struct dynlib_once {
	bool tried, loaded;
	char why[512];
};

/*
 * On the first call, dlopen each library in order (RTLD_NOW | RTLD_LOCAL,
 * never closed) and store every symbol's address in table.  Returns table,
 * or NULL with *err set ("unable to load SONAME: why"), the same answer on
 * every later call.
 */
const void *dynlib_once(struct dynlib_once *once, const struct dynlib_spec *libs,
			size_t nlibs, void *table, const char **err);

#endif
