/* SPDX-License-Identifier: MIT */
/*
 * autostart: the vendor's scalix, scalix-tomcat and scalix-postgres must not
 * start at boot on a cluster node.  Their previous state is recorded, once,
 * in STATE_DIR/boot-start, so that erasing the package puts it back exactly:
 *   NAME chkconfig 0:off 1:off 2:on 3:on 4:on 5:on 6:off
 *   NAME chkconfig absent
 *   NAME systemd enabled|disabled
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "bootstart.h"
#include "clock.h"
#include "log.h"
#include "lsb.h"
#include "settings.h"
#include "spawn.h"
#include "words.h"

#define RECORD_MAX 160

/* Run a query and capture its stdout; the exit code, or -1. */
static int query(struct app *a, char **argv, char **out)
{
	struct spawn_result res;
	struct spawn_io io = { .in_fd = -1,
			       .out_fd = -1,
			       .capture = out,
			       .capture_max = 1 << 16,
			       .quiet = true };
	char **envp = app_command_env(a);
	int rc;

	*out = NULL;
	if (!envp)
		return -1;
	rc = spawn_run_io(argv, envp, now_ms() + a->cfg.status_timeout_ms, &res, &io);
	words_free(envp);
	return rc < 0 ? -1 : spawn_exit_code(&res);
}

/* "0:off 1:off 2:on ..." from chkconfig --list output; "absent" when not listed. */
static void chkconfig_state(struct app *a, const char *tool, const char *name,
			    char *state, size_t len)
{
	char *argv[] = { (char *)tool, (char *)"--list", (char *)name, NULL };
	char *out, *tok, *save = NULL;
	size_t off = 0;

	snprintf(state, len, "absent");
	if (query(a, argv, &out) != 0 || !out) {
		free(out);
		return;
	}
	for (tok = strtok_r(out, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save))
		if (tok[0] >= '0' && tok[0] <= '6' && tok[1] == ':' &&
		    (strcmp(tok + 2, "on") == 0 || strcmp(tok + 2, "off") == 0))
			off += (size_t)snprintf(state + off, len > off ? len - off : 0,
						"%s%s", off ? " " : "", tok);
	if (off == 0)
		snprintf(state, len, "absent");
	free(out);
}

static void systemd_state(struct app *a, const char *tool, const char *name, char *state,
			  size_t len)
{
	char unit[96], *out;
	char *argv[] = { (char *)tool, (char *)"is-enabled", unit, NULL };

	snprintf(unit, sizeof unit, "%s.service", name);
	query(a, argv, &out);
	snprintf(state, len, "%s",
		 out && strncmp(out, "enabled", 7) == 0 ? "enabled" : "disabled");
	free(out);
}

static char **words(const char *a0, const char *a1, const char *a2, const char *a3,
		    const char *a4)
{
	const char *in[] = { a0, a1, a2, a3, a4 };
	char **w = calloc(6, sizeof *w);
	size_t i;

	for (i = 0; w && i < 5 && in[i]; i++)
		if (!(w[i] = strdup(in[i]))) {
			words_free(w);
			return NULL;
		}
	return w;
}

/* The record of name in the state file, or NULL. */
static const char *find_record(const char *file, const char *name)
{
	size_t n = strlen(name);
	const char *l;

	for (l = file; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, name, n) == 0 && l[n] == ' ')
			return l;
	return NULL;
}

static int plan_cmd_words(struct plan *p, char **w, const char *what)
{
	return w ? plan_cmd(p, w, what) : -1;
}

static int disable(struct app *a, struct plan *p, const char *chk, const char *sysd,
		   char **statefile)
{
	size_t i;

	for (i = 0; a->cfg.boot_services[i]; i++) {
		const char *name = a->cfg.boot_services[i];
		char state[RECORD_MAX], what[128], *script, *grown;
		bool on;

		if (asprintf(&script, "%s/%s", a->cfg.initd_dir, name) < 0)
			return -1;
		grown = app_path(a, script);
		free(script);
		if (!grown || access(grown, F_OK) < 0) {
			free(grown);
			continue; /* not installed here: nothing starts at boot */
		}
		free(grown);
		if (chk)
			chkconfig_state(a, chk, name, state, sizeof state);
		else
			systemd_state(a, sysd, name, state, sizeof state);
		on = chk ? strstr(state, ":on") != NULL : strcmp(state, "enabled") == 0;
		/* The first record is the one to restore: never overwrite it. */
		if (!find_record(*statefile, name)) {
			if (asprintf(&grown, "%s%s %s %s\n", *statefile, name,
				     chk ? "chkconfig" : "systemd", state) < 0)
				return -1;
			free(*statefile);
			*statefile = grown;
		}
		if (!on)
			continue;
		snprintf(what, sizeof what, "take %s out of boot start", name);
		if (plan_cmd_words(p,
				   chk ? words(chk, "--del", name, NULL, NULL) :
					 words(sysd, "disable", name, NULL, NULL),
				   what) < 0)
			return -1;
	}
	return 0;
}

/* Put back one recorded line: "NAME TOOL STATE...". */
static int restore_line(struct plan *p, const char *chk, const char *sysd, char *line)
{
	char *save = NULL, *name = strtok_r(line, " ", &save);
	char *tool = strtok_r(NULL, " ", &save), *tok, on[16] = "", off[16] = "";
	char what[128];

	if (!name || !tool)
		return 0;
	snprintf(what, sizeof what, "restore boot start of %s", name);
	if (strcmp(tool, "systemd") == 0) {
		tok = strtok_r(NULL, " ", &save);
		if (tok && strcmp(tok, "enabled") == 0)
			return plan_cmd_words(p, words(sysd, "enable", name, NULL, NULL),
					      what);
		return 0;
	}
	while ((tok = strtok_r(NULL, " ", &save)))
		if (tok[1] == ':' && strlen(on) < 8 && strlen(off) < 8)
			strncat(strcmp(tok + 2, "on") == 0 ? on : off, tok, 1);
	if (!on[0] && !off[0])
		return 0; /* it was absent */
	if (plan_cmd_words(p, words(chk, "--add", name, NULL, NULL), what) < 0)
		return -1;
	if (on[0] && plan_cmd_words(p, words(chk, "--level", on, name, "on"), what) < 0)
		return -1;
	if (off[0] &&
	    plan_cmd_words(p, words(chk, "--level", off, name, "off"), what) < 0)
		return -1;
	return 0;
}

int plan_bootstart(struct app *a, struct plan *p, bool restore)
{
	char *state_abs, *state_path, *file, *chk, *sysd, *line, *save = NULL;
	size_t len;
	int rc = LSB_GENERIC;

	if (asprintf(&state_abs, "%s/boot-start", a->cfg.state_dir) < 0)
		return LSB_GENERIC;
	state_path = app_path(a, state_abs);
	chk = app_path(a, a->cfg.chkconfig);
	sysd = app_path(a, a->cfg.systemctl);
	if (!state_path || !chk || !sysd)
		goto out;
	file = file_read(state_path, &len);
	if (!file && errno != ENOENT) {
		log_fatal("unable to read %s: %s", state_path, strerror(errno));
		goto out;
	}
	if (restore) {
		for (line = file ? strtok_r(file, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save))
			if (restore_line(p, chk, sysd, line) < 0)
				goto out_file;
		rc = plan_unlink(p, state_abs, "forget the recorded boot start") < 0 ?
			     LSB_GENERIC :
			     0;
		goto out_file;
	}
	if (access(chk, X_OK) < 0 && access(sysd, X_OK) < 0) {
		log_fatal("unable to take the Scalix services out of boot start: "
			  "neither %s nor %s exists",
			  chk, sysd);
		goto out_file;
	}
	if (!file && !(file = strdup("")))
		goto out;
	if (disable(a, p, access(chk, X_OK) == 0 ? chk : NULL, sysd, &file) < 0)
		goto out_file;
	if (*file) {
		char *dir = app_path(a, a->cfg.state_dir);

		/* STATE_DIR belongs to the package; create it for a hand install. */
		if (dir && !a->dry_run)
			mkdir(dir, 0755);
		free(dir);
		rc = plan_file(p, state_abs, file, strlen(file), 0644,
			       "record boot start") < 0 ?
			     LSB_GENERIC :
			     0;
		file = NULL;
	} else {
		rc = 0;
	}
out_file:
	free(file);
out:
	free(state_abs);
	free(state_path);
	free(chk);
	free(sysd);
	return rc;
}
