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
};

/* Read path and judge the PID in it; *pid set when the file names one. */
enum pidfile_state pidfile_check(const char *path, struct usage_probe *probe, pid_t *pid);

const char *subservice_name(const struct instance_ctx *c, size_t i);

/* Running, stopped or unknown; the pid file when configured, else S_STATUS. */
enum ss_state subservice_status(struct instance_ctx *c, size_t i, int64_t deadline);

/* Run S_START, S_STOP or S_STATUS until the deadline. */
int subservice_run(struct instance_ctx *c, size_t i, enum ss_verb v, int64_t deadline,
		   struct spawn_result *res);

/* Remove the pid file when it is stale; never touches the process. */
void subservice_clear_stale(struct instance_ctx *c, size_t i);

/* When the pid file names our process, wait for it to end until deadline. */
void subservice_wait_exit(struct instance_ctx *c, size_t i, int64_t deadline);

#endif
