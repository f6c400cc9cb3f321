#include "subservice.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"

enum pidfile_state pidfile_check(const char *path, struct usage_probe *probe, pid_t *pid)
{
	char buf[64];
	ssize_t n;
	long v;
	char *end;
	int fd;

	*pid = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? PF_ABSENT : PF_STALE;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return PF_STALE;
	buf[n] = '\0';
	/* postmaster.pid holds more lines; the PID is the first. */
	v = strtol(buf, &end, 10);
	if (end == buf || (*end && *end != '\n' && *end != '\r' && *end != ' ') ||
	    v <= 1 || v > 0x3fffffff)
		return PF_STALE;
	*pid = (pid_t)v;
	if (!proc_alive(*pid))
		return PF_STALE;
	/* A live PID of an unrelated process (reused after a crash). */
	switch (proc_usage(*pid, probe, USAGE_ALL)) {
	case USE_YES:
		return PF_OURS;
	case USE_MAYBE:
		return PF_MAYBE;
	case USE_NO:
		break;
	}
	return PF_STALE;
}

const char *subservice_name(const struct instance_ctx *c, size_t i)
{
	return c->cfg->svc[i].name;
}

int subservice_run(struct instance_ctx *c, size_t i, enum ss_verb v, int64_t deadline,
		   struct spawn_result *res)
{
	char **tmpl = c->cfg->svc[i].argv[v];
	size_t n, k;
	char **argv;
	int rc = -1;

	for (n = 0; tmpl[n]; n++)
		;
	argv = calloc(n + 1, sizeof *argv);
	if (!argv)
		return -1;
	for (k = 0; k < n; k++) {
		argv[k] = k == 0 ? tmpl_path(c->root, tmpl[k], &c->vars) :
				   tmpl_expand(tmpl[k], &c->vars);
		if (!argv[k])
			goto out;
	}
	if (v == SS_STATUS) {
		/* A status answers with its exit code; its chatter (omstat's
		 * table) would fill the cluster's log every 30 s. */
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		struct spawn_io io = { .in_fd = -1, .out_fd = null, .quiet = true };

		rc = spawn_run_io(argv, c->envp, deadline, res, &io);
		if (null >= 0)
			close(null);
	} else {
		rc = spawn_run(argv, c->envp, deadline, res);
	}
out:
	for (k = 0; k < n; k++)
		free(argv[k]);
	free(argv);
	return rc;
}

enum ss_state subservice_status(struct instance_ctx *c, size_t i, int64_t deadline)
{
	struct spawn_result res;
	pid_t pid;
	int code;

	/* With a pid file no child is started: this is what makes status cheap. */
	if (c->pidfile[i])
		switch (pidfile_check(c->pidfile[i], &c->probe, &pid)) {
		case PF_OURS:
			return SS_RUNNING;
		case PF_MAYBE:
			return SS_UNKNOWN; /* maybe ours: never "stopped" */
		case PF_ABSENT:
		case PF_STALE:
			return SS_STOPPED;
		}
	if (subservice_run(c, i, SS_STATUS, deadline, &res) < 0)
		return SS_UNKNOWN;
	code = spawn_exit_code(&res);
	if (code == 0)
		return SS_RUNNING;
	if (code >= 1 && code <= 3)
		return SS_STOPPED;
	return SS_UNKNOWN;
}

void subservice_clear_stale(struct instance_ctx *c, size_t i)
{
	pid_t pid;

	if (!c->pidfile[i] || pidfile_check(c->pidfile[i], &c->probe, &pid) != PF_STALE)
		return;
	if (unlink(c->pidfile[i]) == 0)
		log_info("%s: %s: removed stale pid file %s (pid %d is %s)",
			 c->inst->name, subservice_name(c, i), c->pidfile[i], (int)pid,
			 pid <= 0	  ? "unreadable" :
			 !proc_alive(pid) ? "not running" :
					    "another program's");
	else if (errno != ENOENT)
		log_warn("%s: %s: unable to remove stale pid file %s: %s", c->inst->name,
			 subservice_name(c, i), c->pidfile[i], strerror(errno));
}

void subservice_wait_exit(struct instance_ctx *c, size_t i, int64_t deadline)
{
	enum pidfile_state st;
	int64_t pause = 1;
	pid_t pid;

	if (!c->pidfile[i])
		return;
	while (((st = pidfile_check(c->pidfile[i], &c->probe, &pid)) == PF_OURS ||
		st == PF_MAYBE) &&
	       now_ms() < deadline) {
		sleep_ms(pause);
		if (pause < 50)
			pause *= 2;
	}
}
