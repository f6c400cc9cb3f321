/* SPDX-License-Identifier: MIT */
/*
 * A plan: every change a configuration step wants, computed before any is
 * made, so that bad input anywhere changes nothing anywhere.  Changes that
 * would leave a file as it is are not planned at all: that is what makes a
 * second setup change neither contents nor mtimes.
 */
#ifndef SCALIX_HA_PLAN_H
#define SCALIX_HA_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct plan_step {
	enum step_kind { STEP_FILE, STEP_LINK, STEP_CMD, STEP_UNLINK } kind;
	char *path;	  /* FILE, LINK: where (inside --root) */
	char *base;	  /* FILE: the instance directory path is walked from, or NULL */
	char *label_path; /* FILE, LINK: the path the SELinux policy knows */
	char *data;	  /* FILE: contents; LINK: target */
	size_t len;
	mode_t mode;
	char **argv; /* CMD */
	char *what;  /* "VERB OBJECT", for the log: "set the shutdown port of mail1" */
};

struct plan {
	const char *root;
	struct plan_step *steps;
	size_t n;
};

/* Take data (malloc'd); dropped when the file already holds it. */
int plan_file(struct plan *p, const char *abs_path, char *data, size_t len, mode_t mode,
	      const char *what);
/* Root-relative path: the caller already relocated it. */
int plan_file_at(struct plan *p, const char *path, const char *label_path, char *data,
		 size_t len, mode_t mode, const char *what);
/*
 * A file on an instance's storage, below mount: read and written through the
 * storage walk (storage.h), never through a symbolic link.
 */
int plan_storage_file(struct plan *p, const char *mount, const char *path, char *data,
		      size_t len, const char *what);
int plan_link(struct plan *p, const char *abs_path, const char *target, const char *what);
/* Remove a file we own (a state file), when it exists. */
int plan_unlink(struct plan *p, const char *abs_path, const char *what);
/* Take argv (malloc'd words, NULL-ended). */
int plan_cmd(struct plan *p, char **argv, const char *what);

/*
 * Carry out every step (or with dry_run print a unified diff of each file
 * and the commands).  envp is for the commands.  0, or -1 after the first
 * failure (logged).
 */
int plan_apply(struct plan *p, bool dry_run, char *const envp[], int64_t cmd_timeout_ms);

void plan_free(struct plan *p);

#endif
