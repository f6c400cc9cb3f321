/* SPDX-License-Identifier: MIT */
#include "subservice.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "clock.h"
#include "dirs.h"
#include "log.h"
#include "storage.h"

/* The PID f names, judged; why says what made it PF_BAD. */
static enum pidfile_state judge(const struct storage_file *f, struct usage_probe *probe,
				pid_t *pid, char *why, size_t whylen)
{
	size_t n;
	char *buf, *end;
	long v;

	/* Non-blocking, a regular file, no link: a FIFO or /dev/zero is refused. */
	buf = storage_read(f, STORAGE_PIDFILE_MAX, true, &n, why, whylen);
	if (!buf)
		return errno == ENOENT ? PF_ABSENT : PF_BAD;
	/* postmaster.pid holds more lines; the PID is the first. */
	v = strtol(buf, &end, 10);
	if (n == 0 || end == buf ||
	    (*end && *end != '\n' && *end != '\r' && *end != ' ') || v <= 1 ||
	    v > 0x3fffffff) {
		free(buf);
		return PF_STALE;
	}
	free(buf);
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

enum pidfile_state pidfile_read(const char *mount, const char *path,
				struct usage_probe *probe, pid_t *pid, char *why,
				size_t whylen)
{
	struct storage_file f;
	enum pidfile_state st;

	*pid = 0;
	if (storage_reach(&f, mount, path, why, whylen) < 0)
		return errno == ENOENT ? PF_ABSENT : PF_BAD;
	st = judge(&f, probe, pid, why, whylen);
	storage_release(&f);
	return st;
}

enum pidfile_state pidfile_check(const char *mount, const char *path,
				 struct usage_probe *probe, pid_t *pid)
{
	char why[PATH_MAX + 128];

	return pidfile_read(mount, path, probe, pid, why, sizeof why);
}

const char *subservice_name(const struct instance_ctx *c, size_t i)
{
	return c->cfg->svc[i].name;
}

static int run_with(struct instance_ctx *c, size_t i, enum ss_verb v, int64_t deadline,
		    struct spawn_result *res, char *const envp[])
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

		rc = spawn_run_io(argv, envp, deadline, res, &io);
		if (null >= 0)
			close(null);
	} else {
		rc = spawn_run(argv, envp, deadline, res);
	}
out:
	for (k = 0; k < n; k++)
		free(argv[k]);
	free(argv);
	return rc;
}

int subservice_run(struct instance_ctx *c, size_t i, enum ss_verb v, int64_t deadline,
		   struct spawn_result *res)
{
	return run_with(c, i, v, deadline, res, c->envp);
}

enum ss_state subservice_status(struct instance_ctx *c, size_t i, int64_t deadline)
{
	struct spawn_result res;
	char why[PATH_MAX + 128];
	pid_t pid;
	int code;

	/* With a pid file no child is started: this is what makes status cheap. */
	if (c->pidfile[i])
		switch (pidfile_read(c->dir, c->pidfile[i], &c->probe, &pid, why,
				     sizeof why)) {
		case PF_OURS:
			return SS_RUNNING;
		case PF_MAYBE:
			return SS_UNKNOWN; /* maybe ours: never "stopped" */
		case PF_BAD:
			log_warn("unable to read the pid file of %s %s: %s",
				 c->inst->name, subservice_name(c, i), why);
			return SS_UNKNOWN;
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
	char why[PATH_MAX + 128];
	struct storage_file f;
	enum pidfile_state st;
	pid_t pid = 0;

	if (!c->pidfile[i])
		return;
	/* Only in the directory the walk reached: never through a link. */
	if (storage_reach(&f, c->dir, c->pidfile[i], why, sizeof why) < 0) {
		if (errno != ENOENT)
			log_warn("unable to check the pid file of %s %s: %s",
				 c->inst->name, subservice_name(c, i), why);
		return;
	}
	st = judge(&f, &c->probe, &pid, why, sizeof why);
	if (st != PF_STALE && st != PF_BAD) {
		storage_release(&f);
		return;
	}
	if (storage_unlink(&f) == 0)
		log_info("check %s %s: removed stale pid file %s (%s)", c->inst->name,
			 subservice_name(c, i), c->pidfile[i],
			 st == PF_BAD	  ? "not a pid file" :
			 pid <= 0	  ? "unreadable" :
			 !proc_alive(pid) ? "its pid is not running" :
					    "its pid is another program's");
	else if (errno != ENOENT)
		log_warn("unable to remove stale pid file %s of %s %s: %s", c->pidfile[i],
			 c->inst->name, subservice_name(c, i), strerror(errno));
	storage_release(&f);
}

/*
 * RUN_DIR/INSTANCE/SUB-SERVICE.pid (directory 0700, file 0600, root's)
 * holding pid: the pid file the vendor stop is given instead of the one on
 * the storage, which the service user may rewrite at any moment.
 */
static char *hand_over(struct instance_ctx *c, size_t i, pid_t pid)
{
	char *dir = NULL, *path = NULL, name[SUBSERVICE_NAME_MAX + 8], text[32];
	struct stat st;
	int fd = -1, n;

	if (asprintf(&dir, "%s/%s", c->run_dir, c->inst->name) < 0)
		return NULL;
	if (mkdir_p(c->run_dir, 0755) < 0 || (mkdir(dir, 0700) < 0 && errno != EEXIST))
		goto out;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || fchmod(fd, 0700) < 0)
		goto out;
	if (st.st_uid != geteuid()) {
		errno = EPERM;
		goto out;
	}
	snprintf(name, sizeof name, "%s.pid", subservice_name(c, i));
	n = snprintf(text, sizeof text, "%d\n", (int)pid);
	if (asprintf(&path, "%s/%s", dir, name) < 0) {
		path = NULL;
		goto out;
	}
	if (file_replace_at(fd, name, path, text, (size_t)n, 0600, false) < 0) {
		free(path);
		path = NULL;
	}
out:
	if (!path)
		log_warn("unable to write %s/%s.pid for %s: %s", dir ? dir : c->run_dir,
			 subservice_name(c, i), c->inst->name, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return path;
}

/* envp plus NAME=value; malloc'd vector, the words shared but the new one. */
static char **env_plus(char *const envp[], const char *name, const char *value)
{
	size_t n;
	char **e;

	for (n = 0; envp[n]; n++)
		;
	e = calloc(n + 2, sizeof *e);
	if (!e)
		return NULL;
	memcpy(e, envp, n * sizeof *e);
	if (asprintf(&e[n], "%s=%s", name, value) < 0) {
		free(e);
		return NULL;
	}
	return e;
}

int subservice_stop(struct instance_ctx *c, size_t i, int64_t deadline,
		    struct spawn_result *res)
{
	const char *pidenv = c->cfg->svc[i].stop_pidenv;
	struct proc_ref ref = { 0, 0 };
	char **envp = NULL, *handed = NULL, state;
	int64_t pause = 1;
	size_t n;
	int rc;

	if (c->pidfile[i]) {
		/* Checked once more, then only what was checked is handed on. */
		enum pidfile_state st =
			pidfile_check(c->dir, c->pidfile[i], &c->probe, &ref.pid);

		if ((st != PF_OURS && st != PF_MAYBE) ||
		    proc_stat(ref.pid, &state, &ref.starttime) < 0)
			return 1;
		if (pidenv && st == PF_MAYBE) {
			/* Never hand on a PID that may be somebody else's. */
			log_warn("unable to run the stop of %s %s: pid %d cannot be "
				 "examined",
				 c->inst->name, subservice_name(c, i), (int)ref.pid);
			return 1;
		}
		if (pidenv) {
			handed = hand_over(c, i, ref.pid);
			envp = handed ? env_plus(c->envp, pidenv, handed) : NULL;
			if (!envp) {
				/* It would read the storage's pid file instead. */
				log_warn(
					"unable to run the stop of %s %s: no checked pid "
					"file to give it (the sweep ends its processes)",
					c->inst->name, subservice_name(c, i));
				free(handed);
				return 1;
			}
		}
	}
	rc = run_with(c, i, SS_STOP, deadline, res, envp ? envp : c->envp);
	/* The process checked, not whatever the pid file names by now. */
	while (ref.pid > 0 && proc_same(&ref) && now_ms() < deadline) {
		sleep_ms(pause);
		if (pause < 50)
			pause *= 2;
	}
	if (handed) {
		unlink(handed);
		free(handed);
	}
	if (envp) {
		for (n = 0; envp[n]; n++)
			;
		free(envp[n - 1]);
		free(envp);
	}
	return rc;
}
