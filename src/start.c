/* SPDX-License-Identifier: MIT */
/*
 * start: the sub-services in order, each running and serving within
 * START_TIMEOUT, under the instance lock; any failure or signal stops the
 * instance again.
 */
#include "clock.h"
#include "instance.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "interrupt.h"
#include "lock.h"
#include "log.h"
#include "lsb.h"
#include "mountguard.h"
#include "readiness.h"
#include "subservice.h"

static double secs(int64_t ms)
{
	return (double)ms / 1000.0;
}

/* Poll status until running: finely at first, since most starts are quick. */
static bool wait_running(struct instance_ctx *c, size_t i, int64_t deadline)
{
	int64_t pause = 2;

	for (;;) {
		int64_t now = now_ms();
		int64_t sdl = now + c->cfg->status_timeout_ms;

		if (subservice_status(c, i, sdl < deadline ? sdl : deadline) ==
		    SS_RUNNING)
			return true;
		if (now_ms() + pause >= deadline || interrupted())
			return false;
		sleep_ms(pause);
		if (pause < 100)
			pause *= 2;
	}
}

/* Why a start gives up, for its last word. */
static void report_interrupted(const char *name, const char *ss)
{
	log_fatal("unable to start %s: interrupted by signal %d while starting %s", name,
		  interrupt_signal(), ss);
}

int instance_start(struct instance_ctx *c)
{
	const struct settings *cfg = c->cfg, *saved = c->cfg;
	int64_t t0 = now_ms(), bound = (int64_t)cfg->nsvc * cfg->start_timeout_ms;
	const char *name = c->inst->name;
	struct settings short_grace;
	char why[256];
	int lock;
	size_t i;

	/* The mount guard: never create a message store on local disk. */
	if (!is_mount_point(c->dir)) {
		log_fatal("unable to start %s: %s is not a mount point "
			  "(mount the instance's shared storage first)",
			  name, c->dir);
		return LSB_GENERIC;
	}
	instance_fit_kill_grace(c, &short_grace);
	/* A concurrent start holds the lock for at most its own bound. */
	lock = instance_lock(c->run_dir, name, "start",
			     instance_clip(c, t0 + bound + cfg->stop_timeout_ms));
	if (lock < 0) {
		log_fatal("unable to start %s: unable to lock %s/%s.lock: %s", name,
			  c->run_dir, name,
			  errno == EINTR ? "interrupted by a signal" : strerror(errno));
		c->cfg = saved;
		return LSB_GENERIC;
	}
	for (i = 0; i < cfg->nsvc; i++)
		subservice_clear_stale(c, i);
	for (i = 0; i < cfg->nsvc; i++) {
		const char *ss = subservice_name(c, i);
		int64_t t = now_ms(),
			deadline = instance_clip(c, t + cfg->start_timeout_ms);
		struct spawn_result res;
		enum ss_state st;
		pid_t pid;

		if (interrupted()) {
			report_interrupted(name, ss);
			goto rollback;
		}
		st = subservice_status(c, i, t + cfg->status_timeout_ms);
		if (st == SS_RUNNING) {
			/* Started by somebody else, maybe a moment ago: let it come up.
			 */
			if (!readiness_wait(c, i, deadline, why, sizeof why)) {
				log_fatal(
					"unable to start %s: %s runs but does not serve "
					"after %.3f s: %s",
					name, ss, secs(now_ms() - t), why);
				goto rollback;
			}
			log_info("start %s: %s is already running; left alone", name, ss);
			continue;
		}
		if (st == SS_UNKNOWN && c->pidfile[i] &&
		    pidfile_check(c->dir, c->pidfile[i], &c->probe, &pid) == PF_BAD) {
			/* Its start would act on what the storage walk refused. */
			log_fatal("unable to start %s: the pid file of %s cannot be read",
				  name, ss);
			goto rollback;
		}
		if (subservice_run(c, i, SS_START, deadline, &res) < 0) {
			log_fatal("unable to start %s: unable to run %s: %s", name, ss,
				  strerror(errno));
			goto rollback;
		}
		if (res.interrupted) {
			report_interrupted(name, ss);
			goto rollback;
		}
		if (spawn_exit_code(&res) != 0) {
			instance_describe(&res, why, sizeof why);
			log_fatal("unable to start %s: %s start failed after %.3f s: %s",
				  name, ss, secs(now_ms() - t), why);
			goto rollback;
		}
		if (!wait_running(c, i, deadline)) {
			if (interrupted())
				report_interrupted(name, ss);
			else
				log_fatal(
					"unable to start %s: %s start returned 0 but it "
					"is not running after %.3f s",
					name, ss, secs(now_ms() - t));
			goto rollback;
		}
		/* Running is not serving: a Tomcat may die on a taken port. */
		if (!readiness_wait(c, i, deadline, why, sizeof why)) {
			if (interrupted())
				report_interrupted(name, ss);
			else
				log_fatal("unable to start %s: %s does not serve after "
					  "%.3f s: %s",
					  name, ss, secs(now_ms() - t), why);
			goto rollback;
		}
		log_info("start %s: %s started in %.3f s", name, ss, secs(now_ms() - t));
	}
	if (subsys_touch(c->subsys) < 0)
		log_warn("unable to create %s of %s: %s", c->subsys, name,
			 strerror(errno));
	log_info("start %s: started in %.3f s", name, secs(now_ms() - t0));
	instance_unlock(lock);
	c->cfg = saved;
	return LSB_OK;

rollback:
	/* Leave nothing of the instance running, whoever started it. */
	log_warn("unable to start %s: start failed; stopping the instance", name);
	if (interrupted()) {
		/* The undo of a signalled start: one STOP_TIMEOUT for the vendor
		 * stops, then the sweep. */
		int64_t undo = now_ms() + cfg->stop_timeout_ms + cfg->kill_grace_ms +
			       SWEEP_SLACK_MS;

		if (!c->op_deadline || undo < c->op_deadline)
			c->op_deadline = undo;
		interrupt_undoing();
	}
	instance_stop_locked(c);
	instance_unlock(lock);
	c->cfg = saved;
	return LSB_GENERIC;
}
