/* SPDX-License-Identifier: MIT */
/*
 * A sub-service (scalix-postgres, scalix, scalix-tomcat) of one instance:
 * its state from its pid file or its status script, and its commands.
 */
#ifndef SCALIX_HA_SUBSERVICE_H
#define SCALIX_HA_SUBSERVICE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "instance.h"
#include "spawn.h"

enum ss_state { SS_STOPPED, SS_RUNNING, SS_UNKNOWN };

enum pidfile_state {
	PF_ABSENT,
	PF_STALE, /* unreadable, dead, zombie, or a process of somebody else */
	PF_OURS,  /* a live process using the instance's storage */
	PF_MAYBE, /* a live process /proc would not let us examine */
	PF_BAD,	  /* not readable as a pid file: a link on the way, a FIFO ... */
};

/*
 * Reach path through the storage walk from mount (storage.h), read it and
 * judge the PID in it; *pid set when the file names one.  why says what
 * made it PF_BAD.
 */
enum pidfile_state pidfile_read(const char *mount, const char *path,
				struct usage_probe *probe, pid_t *pid, char *why,
				size_t whylen);
enum pidfile_state pidfile_check(const char *mount, const char *path,
				 struct usage_probe *probe, pid_t *pid);

const char *subservice_name(const struct instance_ctx *c, size_t i);

/*
 * Running, stopped or unknown; the pid file when configured (unknown when it
 * cannot be read as one), else S_STATUS.
 */
enum ss_state subservice_status(struct instance_ctx *c, size_t i, int64_t deadline);

/* Run S_START, S_STOP or S_STATUS until the deadline. */
int subservice_run(struct instance_ctx *c, size_t i, enum ss_verb v, int64_t deadline,
		   struct spawn_result *res);

/*
 * Remove the pid file when it is stale or not a pid file, in the directory
 * the storage walk reached; never touches the process.
 */
void subservice_clear_stale(struct instance_ctx *c, size_t i);

/*
 * S_STOP.  With a pid file, only when it names our process (or one /proc
 * will not let us examine, unless S_STOP_PIDENV is set): that PID (and
 * nothing the service user writes later) is handed to the vendor stop in
 * RUN_DIR/INSTANCE/SUB-SERVICE.pid through S_STOP_PIDENV, and waited for
 * until deadline.  0 when S_STOP ran (see res), 1 when there was nothing to
 * stop, -1 when it could not be run.
 */
int subservice_stop(struct instance_ctx *c, size_t i, int64_t deadline,
		    struct spawn_result *res);

#endif
