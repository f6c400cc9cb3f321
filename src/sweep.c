#include "sweep.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"

/* Wait until every ref has ended or the deadline passes; returns survivors. */
static size_t wait_gone(const struct proc_ref *refs, size_t n, int64_t deadline)
{
	int64_t pause = 1;

	for (;;) {
		size_t alive = 0, i;

		for (i = 0; i < n; i++)
			if (proc_same(&refs[i]))
				alive++;
		if (alive == 0 || now_ms() >= deadline)
			return alive;
		sleep_ms(pause);
		if (pause < 25)
			pause *= 2;
	}
}

static void list_pids(const struct proc_ref *refs, size_t n, char *buf, size_t len)
{
	size_t off = 0, i;

	buf[0] = '\0';
	for (i = 0; i < n && off + 16 < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%d", i ? " " : "",
					(int)refs[i].pid);
}

ssize_t sweep_instance(struct instance_ctx *c)
{
	const char *name = c->inst->name;
	struct proc_ref *refs;
	char pids[512];
	ssize_t n;
	size_t i;
	int64_t deadline;

	n = proc_scan_users(&c->probe, &refs);
	if (n <= 0)
		return n < 0 ? 1 : 0;
	list_pids(refs, (size_t)n, pids, sizeof pids);
	log_info("%s: sending TERM to %zd processes using %s: %s", name, n, c->dir, pids);
	for (i = 0; i < (size_t)n; i++) {
		proc_signal(&refs[i], SIGTERM);
		/* A stopped process only acts on TERM once continued. */
		proc_signal(&refs[i], SIGCONT);
	}
	wait_gone(refs, (size_t)n, now_ms() + c->cfg->kill_grace_ms);
	free(refs);

	/* KILL until nothing new appears (a dying parent may have forked). */
	deadline = now_ms() + 1000;
	for (;;) {
		n = proc_scan_users(&c->probe, &refs);
		if (n <= 0)
			return n < 0 ? 1 : 0;
		if (now_ms() >= deadline) {
			list_pids(refs, (size_t)n, pids, sizeof pids);
			log_warn("%s: processes survive KILL: %s", name, pids);
			free(refs);
			return n;
		}
		list_pids(refs, (size_t)n, pids, sizeof pids);
		log_info("%s: sending KILL to %zd processes: %s", name, n, pids);
		for (i = 0; i < (size_t)n; i++)
			proc_signal(&refs[i], SIGKILL);
		wait_gone(refs, (size_t)n, deadline);
		free(refs);
	}
}
