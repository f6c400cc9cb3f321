/*
 * Loading a shared library on first use.  librpm and libxml2 (with their
 * own dependencies) cost more to map than the short verbs a cluster runs
 * every few seconds spend on their work, and only a few verbs need them.
 */
#ifndef SCALIX_HA_DYNLIB_H
#define SCALIX_HA_DYNLIB_H

#include <stddef.h>

/* One symbol: its name, and where in the caller's table its address goes. */
struct dynsym {
	const char *name;
	size_t offset;
};

/* An entry of a symbol list: field of struct table receives symbol name. */
#define DYNSYM(table, field, name)                  \
	{                                           \
		name, offsetof(struct table, field) \
	}

/*
 * dlopen soname (RTLD_NOW | RTLD_LOCAL, never closed) and store every
 * symbol's address in table.  0, or -1 with "unable to load SONAME: why"
 * in err (err_size bytes).
 */
int dynlib_load(const char *soname, const struct dynsym *syms, size_t n, void *table,
		char *err, size_t err_size);

#endif
