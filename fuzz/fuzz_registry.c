/* SPDX-License-Identifier: MIT */
/*
 * instance.cfg parser: no crash; a valid registry serializes to itself; and
 * the three ways in agree: a buffer (registry_parse), a file read in chunks
 * keeping every line (registry_load) and a file read through a window
 * keeping the records only (registry_scan).  The fuzz build makes the chunk
 * a few bytes (REGISTRY_READ_CHUNK), so lines straddle every read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "registry.h"
#include "registry_edit.h"

static int str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void assert_same(const struct registry *a, int rca, const struct registry *b,
			int rcb)
{
	size_t i;

	if (rca != rcb || a->nerrors != b->nerrors || a->stopped != b->stopped ||
	    a->nlines != b->nlines || a->ninst != b->ninst)
		abort();
	for (i = 0; i < a->nerrors && i < REG_ERRORS_KEPT; i++)
		if (!str_same(a->errors[i], b->errors[i]))
			abort();
	for (i = 0; i < a->ninst; i++)
		if (!str_same(a->inst[i].name, b->inst[i].name) ||
		    !str_same(a->inst[i].host, b->inst[i].host) ||
		    !str_same(a->inst[i].datadir, b->inst[i].datadir) ||
		    !str_same(a->inst[i].autostart, b->inst[i].autostart) ||
		    a->inst[i].first != b->inst[i].first)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct registry r, loaded, scanned;
	char path[64];
	size_t len;
	char *out;
	int rc, rcl, rcs, fd = memfd_create("fuzz.cfg", MFD_CLOEXEC);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

	memset(&r, 0, sizeof r);
	rc = registry_parse(&r, path, (const char *)data, size);
	rcl = registry_load(&loaded, path);
	rcs = registry_scan(&scanned, path);
	assert_same(&r, rc, &loaded, rcl);
	assert_same(&r, rc, &scanned, rcs);
	if (rc == 0) {
		/* What the rewrite keeps: every byte of a file it did not change. */
		out = registry_serialize(&r, &len);
		if (out && (len != size || memcmp(out, data, size) != 0))
			abort();
		free(out);
		out = registry_serialize(&loaded, &len);
		if (out && (len != size || memcmp(out, data, size) != 0))
			abort();
		free(out);
		registry_disable_autostart(&r);
		free(registry_serialize(&r, &len));
	}
	registry_free(&r);
	registry_free(&loaded);
	registry_free(&scanned);
	close(fd);
	return 0;
}
