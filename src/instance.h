/* SPDX-License-Identifier: MIT */
/* One instance, resolved: its paths, its children's environment, its verbs. */
#ifndef SCALIX_HA_INSTANCE_H
#define SCALIX_HA_INSTANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "pathtmpl.h"
#include "proc.h"
#include "registry.h"
#include "settings.h"
#include "usage.h"

struct instance_ctx {
	const struct settings *cfg;
	const char *root; /* NULL: the real root */
	const struct instance *inst;
	struct tmpl_vars vars;
	char *dir;    /* the mount point (INSTANCE_DIR) */
	char *subsys; /* SUBSYS_DIR/scalix-ha-INSTANCE */
	char *run_dir;
	char **envp; /* every child's whole environment */
	struct usage_probe probe;
	char *pidfile[MAX_SUBSERVICES]; /* NULL: status comes from the script */
	/* When the call must be over (monotonic ms): the cluster's operation
	 * timeout, or the stop's own bound; 0 when none. */
	int64_t op_deadline;
};

/* What the sweep needs beyond KILL_GRACE: its 1 s wait after KILL, and scans. */
#define SWEEP_SLACK_MS 1500

/* deadline, moved early enough for the sweep to fit before op_deadline. */
int64_t instance_clip(const struct instance_ctx *c, int64_t deadline);

/* When op_deadline leaves less than KILL_GRACE, c->cfg becomes copy, with
 * the grace that fits (for this call only: restore c->cfg after). */
void instance_fit_kill_grace(struct instance_ctx *c, struct settings *copy);

int instance_ctx_init(struct instance_ctx *c, const struct settings *cfg,
		      const char *root, const struct instance *inst);
void instance_ctx_free(struct instance_ctx *c);

/* Verbs; each returns its LSB code. */
int instance_start(struct instance_ctx *c);
int instance_stop(struct instance_ctx *c);

/* stop's steps after the lock (also a failed start's undo, under its lock). */
int instance_stop_locked(struct instance_ctx *c);

struct spawn_result;
/* Why a command failed, in words. */
void instance_describe(const struct spawn_result *res, char *buf, size_t len);

/* Instance state for status and list. */
enum instance_state {
	INST_RUNNING,
	INST_PARTIAL,
	INST_DEAD_PID,	/* nothing runs; a pid file and the subsys lock remain */
	INST_DEAD_LOCK, /* nothing runs; the subsys lock remains */
	INST_STOPPED,
	INST_UNKNOWN, /* a status script failed or timed out */
};

enum instance_state instance_state(struct instance_ctx *c, bool *mounted, char *detail,
				   size_t detail_len);
int instance_state_lsb(enum instance_state s);
const char *instance_state_word(enum instance_state s);

#endif
