/* SPDX-License-Identifier: MIT */
/*
 * The instance registry, /etc/opt/scalix/instance.cfg: records that start at
 * an OMNAME= line, usually separated by '#' lines.  Every line is kept as it
 * was read, so that a rewrite changes only what it means to change.
 */
#ifndef SCALIX_HA_REGISTRY_H
#define SCALIX_HA_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#define REG_ERRORS_KEPT 10

struct reg_line {
	const char *text; /* raw bytes including the line end */
	size_t len;
	char *owned; /* set when the line was rewritten or added */
};

struct instance {
	char *name;
	char *host;
	char *datadir;
	char *autostart; /* NULL when the record has no OMAUTOSTART */
	char az[3];
	size_t first;	       /* index of the OMNAME= line */
	size_t last;	       /* index of the record's last KEY=value line */
	size_t autostart_line; /* index, or (size_t)-1 */
};

struct registry {
	char *path;
	char *buf;
	size_t len;
	struct reg_line *lines;
	size_t nlines, cap_lines;
	struct instance *inst;
	size_t ninst, cap_inst;
	/* The first REG_ERRORS_KEPT messages ("file:line: what"), and a count. */
	char *errors[REG_ERRORS_KEPT];
	size_t nerrors;
	/* Reading stopped once REG_ERRORS_KEPT errors were had: lines holds
	 * only what was read, and nerrors counts only what was found in it. */
	bool stopped;
	/* Read by registry_scan: no lines kept (nlines counts them), so it
	 * cannot be rewritten. */
	bool records_only;
};

/*
 * Parse buf (copied).  Returns 0 when the registry is valid; otherwise -1 with
 * the errors in r->errors, and then only the errors are meaningful: parsing
 * stops after the line that brings the errors to REG_ERRORS_KEPT.  r must be
 * zeroed or freed before.
 */
int registry_parse(struct registry *r, const char *path, const char *buf, size_t len);

/*
 * Read and parse path, as registry_parse; a broken file is read only as far
 * as its first REG_ERRORS_KEPT errors.  A missing file is an empty registry
 * (errno ENOENT).
 */
int registry_load(struct registry *r, const char *path);

/*
 * As registry_load, but keep only the records, reading through a small
 * window: memory does not grow with comments or other lines.  For the verbs
 * that do not rewrite the registry.
 */
int registry_scan(struct registry *r, const char *path);

void registry_free(struct registry *r);

const struct instance *registry_find(const struct registry *r, const char *name);

/* Print r's errors through log_fatal, with a count of those not kept. */
void registry_report(const struct registry *r);

#endif
