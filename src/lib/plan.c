#include "plan.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "clock.h"
#include "log.h"
#include "pathtmpl.h"
#include "settings.h"
#include "spawn.h"
#include "words.h"

/* A new step of kind, or NULL (ENOMEM); its what may still be NULL. */
static struct plan_step *add(struct plan *p, enum step_kind kind, const char *what)
{
	struct plan_step *s = realloc(p->steps, (p->n + 1) * sizeof *s);

	if (!s)
		return NULL;
	p->steps = s;
	memset(&s[p->n], 0, sizeof s[0]);
	s[p->n].kind = kind;
	s[p->n].what = strdup(what);
	return &s[p->n++];
}

int plan_file_at(struct plan *p, const char *path, const char *label_path, char *data,
		 size_t len, mode_t mode, const char *what)
{
	struct plan_step *s;

	if (file_has(path, data, len)) {
		free(data);
		return 0;
	}
	s = add(p, STEP_FILE, what);
	if (!s) {
		free(data);
		return -1;
	}
	s->path = strdup(path);
	s->label_path = strdup(label_path);
	s->data = data;
	s->len = len;
	s->mode = mode;
	return s->path && s->label_path && s->what ? 0 : -1;
}

int plan_file(struct plan *p, const char *abs_path, char *data, size_t len, mode_t mode,
	      const char *what)
{
	char *path = path_in_root(p->root, abs_path);
	int rc;

	if (!path) {
		free(data);
		return -1;
	}
	rc = plan_file_at(p, path, abs_path, data, len, mode, what);
	free(path);
	return rc;
}

int plan_link(struct plan *p, const char *abs_path, const char *target, const char *what)
{
	char *path = path_in_root(p->root, abs_path), cur[PATH_MAX];
	struct plan_step *s;
	ssize_t n;

	if (!path)
		return -1;
	n = readlink(path, cur, sizeof cur - 1);
	if (n >= 0) {
		cur[n] = '\0';
		if (strcmp(cur, target) == 0) {
			free(path);
			return 0;
		}
	} else if (errno != ENOENT) {
		/* Something that is not a link: an administrator's, left alone. */
		log_warn("%s exists and is not a symbolic link; not replaced", path);
		free(path);
		return 0;
	}
	s = add(p, STEP_LINK, what);
	if (!s) {
		free(path);
		return -1;
	}
	s->path = path;
	s->label_path = strdup(abs_path);
	s->data = strdup(target);
	return s->label_path && s->data && s->what ? 0 : -1;
}

int plan_unlink(struct plan *p, const char *abs_path, const char *what)
{
	char *path = path_in_root(p->root, abs_path);
	struct plan_step *s;

	if (!path)
		return -1;
	if (access(path, F_OK) < 0) {
		free(path);
		return 0;
	}
	s = add(p, STEP_UNLINK, what);
	if (!s) {
		free(path);
		return -1;
	}
	s->path = path;
	return s->what ? 0 : -1;
}

int plan_cmd(struct plan *p, char **argv, const char *what)
{
	struct plan_step *s = add(p, STEP_CMD, what);

	if (!s) {
		words_free(argv);
		return -1;
	}
	s->argv = argv;
	return s->what ? 0 : -1;
}

/* diff -u of the current file against the planned contents, on stdout. */
static void show_diff(const struct plan_step *s, char *const envp[])
{
	char tmpl[] = "/tmp/scalix-ha-diff.XXXXXX";
	char label_old[PATH_MAX + 8], label_new[PATH_MAX + 8];
	struct spawn_result res;
	struct spawn_io io = { .in_fd = -1, .out_fd = STDOUT_FILENO };
	const char *old;
	size_t done = 0;
	int fd;

	old = access(s->path, F_OK) == 0 ? s->path : "/dev/null";
	snprintf(label_old, sizeof label_old, "%s", s->path);
	snprintf(label_new, sizeof label_new, "%s (new)", s->path);
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd < 0)
		return;
	unlink(tmpl);
	while (done < s->len) {
		ssize_t n = write(fd, s->data + done, s->len - done);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	lseek(fd, 0, SEEK_SET);
	io.in_fd = fd;
	{
		char *argv[] = { (char *)"/usr/bin/diff",
				 (char *)"-u",
				 (char *)"--label",
				 label_old,
				 (char *)"--label",
				 label_new,
				 (char *)old,
				 (char *)"-",
				 NULL };

		fflush(stdout);
		spawn_run_io(argv, envp, now_ms() + 10000, &res, &io);
	}
	close(fd);
}

static void print_cmd(char **argv)
{
	size_t i;

	printf("would run:");
	for (i = 0; argv[i]; i++)
		printf(" %s", argv[i]);
	printf("\n");
}

static int run_cmd(const struct plan_step *s, char *const envp[], int64_t timeout_ms)
{
	struct spawn_result res;

	if (spawn_run(s->argv, envp, now_ms() + timeout_ms, &res) < 0 ||
	    spawn_exit_code(&res) != 0) {
		log_fatal("unable to %s: %s %s", s->what, s->argv[0],
			  res.exec_errno ? strerror(res.exec_errno) :
			  res.timed_out	 ? "timed out" :
					   "failed");
		return -1;
	}
	log_info("%s", s->what);
	return 0;
}

int plan_apply(struct plan *p, bool dry_run, char *const envp[], int64_t cmd_timeout_ms)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct plan_step *s = &p->steps[i];

		if (dry_run) {
			if (s->kind == STEP_FILE)
				show_diff(s, envp);
			else if (s->kind == STEP_LINK)
				printf("would link %s -> %s\n", s->path, s->data);
			else if (s->kind == STEP_UNLINK)
				printf("would remove %s\n", s->path);
			else
				print_cmd(s->argv);
			continue;
		}
		switch (s->kind) {
		case STEP_FILE:
			if (file_replace(s->path, s->label_path, s->data, s->len, s->mode,
					 true) < 0) {
				log_fatal("unable to %s: unable to write %s: %s", s->what,
					  s->path, strerror(errno));
				return -1;
			}
			log_info("%s: wrote %s", s->what, s->path);
			break;
		case STEP_LINK:
			if (symlink_replace(s->path, s->label_path, s->data) < 0) {
				log_fatal("unable to %s: unable to link %s: %s", s->what,
					  s->path, strerror(errno));
				return -1;
			}
			log_info("%s: %s -> %s", s->what, s->path, s->data);
			break;
		case STEP_CMD:
			if (run_cmd(s, envp, cmd_timeout_ms) < 0)
				return -1;
			break;
		case STEP_UNLINK:
			if (unlink(s->path) < 0 && errno != ENOENT) {
				log_fatal("unable to %s: unable to remove %s: %s",
					  s->what, s->path, strerror(errno));
				return -1;
			}
			log_info("%s: removed %s", s->what, s->path);
			break;
		}
	}
	return 0;
}

void plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->steps[i].path);
		free(p->steps[i].label_path);
		free(p->steps[i].data);
		free(p->steps[i].what);
		words_free(p->steps[i].argv);
	}
	free(p->steps);
	p->steps = NULL;
	p->n = 0;
}
