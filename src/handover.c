/* SPDX-License-Identifier: MIT */
#include "handover.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "clock.h"
#include "interrupt.h"
#include "lock.h"
#include "log.h"

/* A verified start holds the lock: ask it to give up.  True when asked. */
static bool ask_start_to_yield(struct instance_ctx *c, pid_t *asked)
{
	struct lock_holder h;

	if (lock_holder(c->run_dir, c->inst->name, &h) < 0 ||
	    strcmp(h.verb, "start") != 0)
		return false;
	if (*asked == h.pid)
		return true;
	/* The record names the holder by PID and start time: no reused PID. */
	if (kill(h.pid, SIGTERM) < 0)
		return false;
	log_warn("unable to lock %s at once: a start (pid %ld) holds the instance lock; "
		 "asked it to give up",
		 c->inst->name, (long)h.pid);
	*asked = h.pid;
	return true;
}

int stop_take_lock(struct instance_ctx *c, int64_t deadline)
{
	const char *name = c->inst->name;
	int64_t first = now_ms() + c->cfg->stop_timeout_ms;
	pid_t asked = 0;
	int lock;

	/* A start that is nearly done may finish: then it is stopped as usual. */
	lock = instance_lock(c->run_dir, name, "stop",
			     first < deadline ? first : deadline);
	while (lock < 0 && errno == ETIMEDOUT && now_ms() < deadline) {
		int64_t slice = now_ms() + 500;

		ask_start_to_yield(c, &asked);
		lock = instance_lock(c->run_dir, name, "stop",
				     slice < deadline ? slice : deadline);
	}
	if (lock < 0) {
		struct lock_holder h;
		bool known = lock_holder(c->run_dir, name, &h) == 0;

		if (errno == EINTR)
			log_fatal("unable to stop %s: interrupted by signal %d while "
				  "waiting for the instance lock",
				  name, interrupt_signal());
		else if (known)
			log_fatal("unable to stop %s: unable to lock %s/%s.lock: a %s "
				  "(pid %ld) still holds it",
				  name, c->run_dir, name, h.verb, (long)h.pid);
		else
			log_fatal("unable to stop %s: unable to lock %s/%s.lock: %s",
				  name, c->run_dir, name, strerror(errno));
	}
	return lock;
}
