/* SPDX-License-Identifier: MIT */
#include "instance.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "clock.h"
#include "handover.h"
#include "interrupt.h"
#include "layout.h"
#include "lock.h"
#include "log.h"
#include "lsb.h"
#include "mountguard.h"
#include "names.h"
#include "subservice.h"
#include "sweep.h"

static char *env_word(const char *name, const char *value)
{
	char *w;

	return asprintf(&w, "%s=%s", name, value) < 0 ? NULL : w;
}

/* Room left for "/INSTANCE.lock" after the longest path we build on. */
static bool too_long(const char *path)
{
	return strlen(path) >= PATH_MAX - INSTANCE_NAME_MAX - 16;
}

int instance_ctx_init(struct instance_ctx *c, const struct settings *cfg,
		      const char *root, const struct instance *inst)
{
	char *subsys_dir;
	size_t n = 0, i;

	memset(c, 0, sizeof *c);
	c->cfg = cfg;
	c->root = root && strcmp(root, "/") != 0 ? root : NULL;
	c->inst = inst;
	c->vars = layout_vars(inst);
	c->dir = layout_dir(c->root, cfg, inst);
	c->run_dir = path_in_root(c->root, cfg->run_dir);
	subsys_dir = path_in_root(c->root, cfg->subsys_dir);
	if (!c->dir || !c->run_dir || !subsys_dir ||
	    asprintf(&c->subsys, "%s/scalix-ha-%s", subsys_dir, inst->name) < 0) {
		free(subsys_dir);
		return -1;
	}
	free(subsys_dir);

	/* The children's whole environment: nothing leaks in from ours. */
	for (i = 0; cfg->child_env[i]; i++)
		;
	c->envp = calloc(i + 6, sizeof *c->envp);
	if (!c->envp)
		return -1;
	c->envp[n++] = env_word("OMCURRENT", inst->name);
	c->envp[n++] = env_word("PATH", cfg->child_path);
	c->envp[n++] = env_word("LANG", "C");
	c->envp[n++] = env_word("LC_ALL", "C");
	if (c->root)
		c->envp[n++] = env_word("SCALIX_HA_ROOT", c->root);
	for (i = 0; cfg->child_env[i]; i++)
		c->envp[n++] = strdup(cfg->child_env[i]);
	for (i = 0; i < n; i++)
		if (!c->envp[i])
			return -1;

	/*
	 * The lock, the subsys lock and the sweep's usage probe build these into
	 * PATH_MAX buffers: refuse what would be cut short there, rather than
	 * lock another file or match a shorter directory's processes.
	 */
	if (too_long(c->dir) || too_long(c->run_dir) || too_long(c->subsys)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (i = 0; i < cfg->nsvc; i++)
		if (cfg->svc[i].pidfile) {
			c->pidfile[i] = layout_path(c->root, cfg->svc[i].pidfile, inst);
			if (!c->pidfile[i])
				return -1;
			if (too_long(c->pidfile[i])) {
				errno = ENAMETOOLONG;
				return -1;
			}
		}
	usage_probe_init(&c->probe, c->dir);
	return 0;
}

void instance_ctx_free(struct instance_ctx *c)
{
	size_t i;

	if (c->envp)
		for (i = 0; c->envp[i]; i++)
			free(c->envp[i]);
	free(c->envp);
	for (i = 0; i < MAX_SUBSERVICES; i++)
		free(c->pidfile[i]);
	free(c->dir);
	free(c->subsys);
	free(c->run_dir);
	memset(c, 0, sizeof *c);
}

static double secs(int64_t ms)
{
	return (double)ms / 1000.0;
}

/* Why a command failed, in words. */
void instance_describe(const struct spawn_result *res, char *buf, size_t len)
{
	if (res->exec_errno)
		snprintf(buf, len, "cannot run it: %s", strerror(res->exec_errno));
	else if (res->timed_out)
		snprintf(buf, len, "no answer in time; its process group was killed");
	else if (WIFSIGNALED(res->status))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(res->status));
	else
		snprintf(buf, len, "exit code %d", spawn_exit_code(res));
}

int instance_stop_locked(struct instance_ctx *c)
{
	const struct settings *cfg = c->cfg;
	const char *name = c->inst->name;
	int64_t t0 = now_ms();
	ssize_t left;
	size_t i;

	if (!is_mount_point(c->dir)) {
		/* The vendor scripts would act on whatever holds their ports. */
		log_info("stop %s: %s is not mounted here; no sub-service script is run",
			 name, c->dir);
	} else {
		/* Vendor stop scripts kill whatever PID their pid file names. */
		for (i = 0; i < cfg->nsvc; i++)
			subservice_clear_stale(c, i);
		for (i = cfg->nsvc; i-- > 0;) {
			const char *ss = subservice_name(c, i);
			int64_t t = now_ms();
			int64_t deadline = instance_clip(c, t + cfg->stop_timeout_ms);
			int64_t sdl = t + cfg->status_timeout_ms;
			struct spawn_result res;
			char why[256];
			int rc;

			if (subservice_status(c, i, sdl < deadline ? sdl : deadline) ==
			    SS_STOPPED) {
				log_info("stop %s: %s is not running", name, ss);
				continue;
			}
			rc = subservice_stop(c, i, deadline, &res);
			if (rc < 0) {
				log_warn("unable to stop %s: unable to run %s stop: %s",
					 name, ss, strerror(errno));
				continue;
			}
			if (rc > 0) {
				log_info("stop %s: %s not stopped by its command (not "
					 "running, or no checked PID)",
					 name, ss);
				continue;
			}
			if (spawn_exit_code(&res) == 0) {
				log_info("stop %s: %s stopped in %.3f s", name, ss,
					 secs(now_ms() - t));
			} else {
				instance_describe(&res, why, sizeof why);
				log_warn("unable to stop %s: %s stop failed after %.3f "
					 "s: %s",
					 name, ss, secs(now_ms() - t), why);
			}
		}
	}
	/* Whatever still uses the storage is the instance's, and must go. */
	left = sweep_instance(c);
	if (left != 0) {
		log_fatal("unable to stop %s: %zd processes still use or may use %s",
			  name, left, c->dir);
		return LSB_GENERIC;
	}
	if (subsys_remove(c->subsys) < 0)
		log_warn("unable to remove %s of %s: %s", c->subsys, name,
			 strerror(errno));
	log_info("stop %s: stopped in %.3f s", name, secs(now_ms() - t0));
	return LSB_OK;
}

int instance_stop(struct instance_ctx *c)
{
	const struct settings *cfg = c->cfg, *saved = c->cfg;
	/* CONTRACT: lock + N x STOP_TIMEOUT + KILL_GRACE + 1 s. */
	int64_t bound = (int64_t)(cfg->nsvc + 1) * cfg->stop_timeout_ms +
			cfg->kill_grace_ms + 1000;
	int64_t end = now_ms() + bound, saved_deadline = c->op_deadline;
	struct settings short_grace;
	int lock, rc;

	/* The documented bound holds however long the lock is waited for. */
	if (!c->op_deadline || end < c->op_deadline)
		c->op_deadline = end;
	instance_fit_kill_grace(c, &short_grace);
	lock = stop_take_lock(c, instance_clip(c, end));
	if (lock < 0) {
		c->cfg = saved;
		c->op_deadline = saved_deadline;
		return LSB_GENERIC;
	}
	rc = instance_stop_locked(c);
	instance_unlock(lock);
	if (rc == LSB_OK && interrupted()) {
		log_fatal("unable to stop %s: interrupted by signal %d", c->inst->name,
			  interrupted());
		rc = LSB_GENERIC;
	}
	/* A restart's start has its own bound, not what is left of the stop's. */
	c->cfg = saved;
	c->op_deadline = saved_deadline;
	return rc;
}

enum instance_state instance_state(struct instance_ctx *c, bool *mounted, char *detail,
				   size_t detail_len)
{
	const struct settings *cfg = c->cfg;
	size_t i, running = 0, stopped = 0, off = 0;
	bool locked = subsys_exists(c->subsys), stale = false;

	if (detail_len)
		detail[0] = '\0';
	*mounted = is_mount_point(c->dir);
	if (!*mounted)
		return locked ? INST_DEAD_LOCK : INST_STOPPED;
	for (i = 0; i < cfg->nsvc; i++) {
		enum ss_state st =
			subservice_status(c, i, now_ms() + cfg->status_timeout_ms);
		pid_t pid;
		int n;

		if (st == SS_RUNNING)
			running++;
		else if (st == SS_STOPPED)
			stopped++;
		if (st != SS_RUNNING && c->pidfile[i] &&
		    pidfile_check(c->dir, c->pidfile[i], &c->probe, &pid) == PF_STALE)
			stale = true;
		n = snprintf(detail + off, detail_len > off ? detail_len - off : 0,
			     "%s%s %s", i ? ", " : "", subservice_name(c, i),
			     st == SS_RUNNING ? "running" :
			     st == SS_STOPPED ? "stopped" :
						"unknown");
		if (n > 0)
			off += (size_t)n;
	}
	if (running == cfg->nsvc)
		return INST_RUNNING;
	if (running + stopped < cfg->nsvc)
		return INST_UNKNOWN;
	if (running)
		return INST_PARTIAL;
	if (!locked)
		return INST_STOPPED;
	return stale ? INST_DEAD_PID : INST_DEAD_LOCK;
}

int instance_state_lsb(enum instance_state s)
{
	switch (s) {
	case INST_RUNNING:
		return LSB_ST_RUNNING;
	case INST_PARTIAL:
	case INST_DEAD_PID:
		return LSB_ST_DEAD_PID;
	case INST_DEAD_LOCK:
		return LSB_ST_DEAD_LOCK;
	case INST_STOPPED:
		return LSB_ST_STOPPED;
	case INST_UNKNOWN:
		break;
	}
	return LSB_ST_UNKNOWN;
}

const char *instance_state_word(enum instance_state s)
{
	switch (s) {
	case INST_RUNNING:
		return "running";
	case INST_PARTIAL:
		return "partly running";
	case INST_DEAD_PID:
		return "dead, pid file left";
	case INST_DEAD_LOCK:
		return "dead, subsys locked";
	case INST_STOPPED:
		return "stopped";
	case INST_UNKNOWN:
		break;
	}
	return "unknown";
}
