/* SPDX-License-Identifier: MIT */
#include "sweep.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

/*
 * One sweep's memory.  Suspects (found using the storage) get TERM when found
 * before kill_at, KILL at kill_at or when found later; the clock is looked at
 * during scans too, so KILL goes out at KILL_GRACE whatever a scan costs.
 * Processes examined whole and found clean are re-examined by their cheap
 * parts only; processes that could not be examined are never signalled.
 */
struct refs {
	struct proc_ref *v;
	size_t n, cap;
};

struct sweep {
	struct instance_ctx *c;
	int64_t kill_at, end;
	struct refs sus, killed, clean, unknown;
	size_t found; /* suspects found by the current pass */
	bool denied;  /* /proc refused a look at one of the unknown */
};

static bool refs_has(const struct refs *r, const struct proc_ref *ref)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].pid == ref->pid && r->v[i].starttime == ref->starttime)
			return true;
	return false;
}

static int refs_add(struct refs *r, const struct proc_ref *ref)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct proc_ref *v = realloc(r->v, cap * sizeof *v);

		if (!v)
			return -1;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = *ref;
	return 0;
}

/* "PID (comm), PID (comm), ... (and N more)": comm is readable even where
 * /proc hides the rest. */
static void list_pids(const struct refs *r, char *buf, size_t len)
{
	size_t off = 0, i;

	buf[0] = '\0';
	for (i = 0; i < r->n && off + 40 < len; i++) {
		char path[64], comm[32] = "?";
		ssize_t n;
		int fd;

		snprintf(path, sizeof path, "/proc/%d/comm", (int)r->v[i].pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read(fd, comm, sizeof comm - 1);
			comm[n > 0 ? n : 0] = '\0';
			comm[strcspn(comm, "\n")] = '\0';
			close(fd);
		}
		off += (size_t)snprintf(buf + off, len - off, "%s%d (%s)", i ? ", " : "",
					(int)r->v[i].pid, comm);
	}
	if (i < r->n && off < len)
		snprintf(buf + off, len - off, " (and %zu more)", r->n - i);
}

static void kill_ref(struct sweep *s, const struct proc_ref *ref)
{
	if (proc_signal(ref, SIGKILL) == 0)
		log_info("stop %s: sending KILL to %d", s->c->inst->name, (int)ref->pid);
	if (!refs_has(&s->killed, ref))
		refs_add(&s->killed, ref);
}

/* The KILL clock, also called from inside long scans. */
static void tick(void *arg)
{
	struct sweep *s = arg;
	size_t i;

	if (now_ms() < s->kill_at)
		return;
	for (i = 0; i < s->sus.n; i++)
		if (!refs_has(&s->killed, &s->sus.v[i]) && proc_same(&s->sus.v[i]))
			kill_ref(s, &s->sus.v[i]);
}

static void found_user(struct sweep *s, const struct proc_ref *ref)
{
	s->found++;
	if (refs_has(&s->sus, ref))
		return; /* TERMed already; the clock KILLs it */
	refs_add(&s->sus, ref);
	if (now_ms() >= s->kill_at) {
		kill_ref(s, ref);
		return;
	}
	log_info("stop %s: sending TERM to %d, which uses %s", s->c->inst->name,
		 (int)ref->pid, s->c->dir);
	proc_signal(ref, SIGTERM);
	/* A stopped process only acts on TERM once continued. */
	proc_signal(ref, SIGCONT);
}

/*
 * One pass over every process: the cheap parts of all first (that finds a
 * cwd on the storage at once), then the descriptor tables of those not
 * examined whole before.  Returns 0 when the pass ended, 1 when it ran out of
 * time, -1 when /proc cannot be read.
 */
static int pass(struct sweep *s)
{
	struct usage_probe *p = &s->c->probe;
	struct proc_ref *all;
	ssize_t n = proc_list(&all), i;
	unsigned char *todo;
	int rc = 0;

	if (n < 0)
		return -1;
	todo = calloc((size_t)n + 1, 1);
	s->found = 0;
	s->unknown.n = 0;
	s->denied = false;
	p->tick = tick;
	p->tick_arg = s;
	p->deadline = s->end;
	for (i = 0; todo && i < n; i++) {
		enum usage u;

		if (now_ms() >= s->end) {
			refs_add(&s->unknown, &all[i]);
			rc = 1;
			continue;
		}
		u = proc_usage(all[i].pid, p, USAGE_CHEAP);
		tick(s);
		s->denied |= u == USE_MAYBE && p->denied;
		if (u == USE_YES)
			found_user(s, &all[i]);
		else if (u == USE_MAYBE)
			refs_add(&s->unknown, &all[i]);
		else
			todo[i] = !refs_has(&s->clean, &all[i]);
	}
	for (i = 0; todo && i < n; i++) {
		enum usage u;

		if (!todo[i])
			continue;
		if (now_ms() >= s->end) {
			refs_add(&s->unknown, &all[i]);
			rc = 1;
			continue;
		}
		u = proc_usage(all[i].pid, p, USAGE_FDS);
		s->denied |= u == USE_MAYBE && p->denied;
		if (u == USE_YES)
			found_user(s, &all[i]);
		else if (u == USE_MAYBE && proc_same(&all[i]))
			refs_add(&s->unknown, &all[i]);
		else if (u == USE_NO)
			refs_add(&s->clean, &all[i]);
		rc = p->unfinished ? 1 : rc;
	}
	p->tick = NULL;
	p->deadline = 0;
	if (!todo)
		rc = -1;
	free(todo);
	free(all);
	return rc;
}

/* Wait until every suspect is gone, KILLing at kill_at; false at s->end. */
static bool wait_suspects(struct sweep *s)
{
	int64_t pause = 1;

	for (;;) {
		size_t alive = 0, i;

		tick(s);
		for (i = 0; i < s->sus.n; i++)
			alive += proc_same(&s->sus.v[i]);
		if (alive == 0)
			return true;
		if (now_ms() >= s->end)
			return false;
		sleep_ms(pause);
		if (pause < 25)
			pause *= 2;
	}
}

ssize_t sweep_instance(struct instance_ctx *c)
{
	const char *name = c->inst->name;
	struct sweep s = { .c = c };
	struct refs left = { 0 };
	ssize_t res = 0;
	char pids[512];
	size_t i;
	int rc;

	s.kill_at = now_ms() + c->cfg->kill_grace_ms;
	s.end = s.kill_at + 1000;
	/* Until a whole pass finds nobody (a dying parent may have forked). */
	for (;;) {
		rc = pass(&s);
		if (!wait_suspects(&s) || rc != 0 || s.found == 0)
			break;
		if (now_ms() >= s.end) {
			log_warn("unable to stop %s: no time left to look for processes "
				 "using %s again",
				 name, c->dir);
			res = 1;
			break;
		}
	}

	for (i = 0; i < s.sus.n; i++)
		if (proc_same(&s.sus.v[i]))
			refs_add(&left, &s.sus.v[i]);
	if (left.n) {
		list_pids(&left, pids, sizeof pids);
		log_warn("unable to stop %s: processes survive KILL: %s", name, pids);
		res += (ssize_t)left.n;
	}
	left.n = 0;
	for (i = 0; i < s.unknown.n; i++)
		if (proc_same(&s.unknown.v[i]))
			refs_add(&left, &s.unknown.v[i]);
	if (left.n) {
		list_pids(&left, pids, sizeof pids);
		log_warn("unable to stop %s: unable to examine processes that may use %s "
			 "(%s): %s",
			 name, c->dir,
			 s.denied && rc == 1 ? "/proc refused a look, or no time left" :
			 s.denied	     ? "/proc refused a look" :
					       "no time left",
			 pids);
		res += (ssize_t)left.n;
	} else if (rc == 1 && res == 0) {
		log_warn("unable to stop %s: no time left to look at every process",
			 name);
		res = 1;
	}
	if (rc < 0) {
		log_warn("unable to stop %s: unable to read /proc", name);
		res = res ? res : 1;
	}
	free(left.v);
	free(s.sus.v);
	free(s.killed.v);
	free(s.clean.v);
	free(s.unknown.v);
	return res;
}
