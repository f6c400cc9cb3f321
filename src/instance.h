/* One instance, resolved: its paths, its children's environment, its verbs. */
#ifndef SCALIX_HA_INSTANCE_H
#define SCALIX_HA_INSTANCE_H

#include <stdbool.h>

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
};

int instance_ctx_init(struct instance_ctx *c, const struct settings *cfg,
		      const char *root, const struct instance *inst);
void instance_ctx_free(struct instance_ctx *c);

/* Verbs; each returns its LSB code. */
int instance_start(struct instance_ctx *c);
int instance_stop(struct instance_ctx *c);

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
