/* SPDX-License-Identifier: MIT */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

static int load(const char *soname, const struct dynsym *syms, size_t n, void *table,
		char *err, size_t err_size)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!h) {
		const char *why = dlerror();

		snprintf(err, err_size, "unable to load %s: %s", soname, why ? why : "?");
		return -1;
	}
	for (i = 0; i < n; i++) {
		void *addr;

		dlerror();
		addr = dlsym(h, syms[i].name);
		if (!addr && !syms[i].optional) {
			snprintf(err, err_size, "unable to load %s: no symbol %s", soname,
				 syms[i].name);
			/* Entries set so far are not used: the caller's load failed. */
			dlclose(h);
			return -1;
		}
		/* Every entry is a pointer (to a function, or to xmlFree's variable):
		 * POSIX guarantees dlsym's result converts to those. */
		*(void **)((char *)table + syms[i].offset) = addr;
	}
	return 0;
}

const void *dynlib_once(struct dynlib_once *once, const struct dynlib_spec *libs,
			size_t nlibs, void *table, const char **err)
{
	size_t i;

	if (!once->tried) {
		once->tried = true;
		once->loaded = true;
		for (i = 0; i < nlibs && once->loaded; i++)
			once->loaded = load(libs[i].soname, libs[i].syms, libs[i].n,
					    table, once->why, sizeof once->why) == 0;
	}
	if (!once->loaded)
		*err = once->why;
	return once->loaded ? table : NULL;
}
