/* SPDX-License-Identifier: MIT */
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
#include "storage.h"
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

int plan_storage_file(struct plan *p, const char *mount, const char *path, char *data,
		      size_t len, const char *what)
{
	struct plan_step *s = add(p, STEP_FILE, what);

	if (!s) {
		free(data);
		return -1;
	}
	s->path = strdup(path);
	s->label_path = strdup(path);
	s->base = strdup(mount);
	s->data = data;
	s->len = len;
	s->mode = 0644;
	return s->path && s->label_path && s->base && s->what ? 0 : -1;
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
		log_warn("unable to replace %s: it exists and is not a symbolic link",
			 path);
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

/* The current contents of a planned file, read as the write will reach it. */
static char *current(const struct plan_step *s, size_t *len, char *why, size_t whylen)
{
	char *buf;

	if (s->base)
		return storage_read_path(s->base, s->path, FILE_READ_MAX, false, len, why,
					 whylen);
	buf = file_read(s->path, len);
	if (!buf)
		snprintf(why, whylen, "%s: %s", s->path, file_strerror(errno));
	return buf;
}

static int write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/*
 * diff -u of the current file against the planned contents, on stdout.  diff
 * reads our copies, never the path itself (it may lead elsewhere).
 */
static void show_diff(const struct plan_step *s, char *const envp[])
{
	char dir[] = "/tmp/scalix-ha-diff.XXXXXX", oldcopy[sizeof dir + 8],
	     newcopy[sizeof dir + 8];
	char label_old[PATH_MAX + 8], label_new[PATH_MAX + 8], why[PATH_MAX + 128];
	struct spawn_result res;
	struct spawn_io io = { .in_fd = -1, .out_fd = STDOUT_FILENO };
	size_t oldlen = 0;
	char *old = current(s, &oldlen, why, sizeof why);
	int fd = -1, ofd = -1;

	if (!old && errno != ENOENT) {
		log_warn("unable to show the change of %s: unable to read %s", s->path,
			 why);
		return;
	}
	snprintf(label_old, sizeof label_old, "%s", s->path);
	snprintf(label_new, sizeof label_new, "%s (new)", s->path);
	if (!mkdtemp(dir))
		goto out;
	snprintf(oldcopy, sizeof oldcopy, "%s/old", dir);
	ofd = open(oldcopy, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	snprintf(newcopy, sizeof newcopy, "%s/new", dir);
	fd = open(newcopy, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0)
		unlink(newcopy);
	if (ofd < 0 || fd < 0 || write_all(ofd, old ? old : "", oldlen) < 0 ||
	    write_all(fd, s->data, s->len) < 0)
		goto out;
	lseek(fd, 0, SEEK_SET);
	io.in_fd = fd;
	{
		char *argv[] = { (char *)"/usr/bin/diff",
				 (char *)"-u",
				 (char *)"--label",
				 label_old,
				 (char *)"--label",
				 label_new,
				 old ? oldcopy : (char *)"/dev/null",
				 (char *)"-",
				 NULL };

		fflush(stdout);
		spawn_run_io(argv, envp, now_ms() + 10000, &res, &io);
	}
out:
	if (fd >= 0)
		close(fd);
	if (ofd >= 0) {
		close(ofd);
		unlink(oldcopy);
	}
	rmdir(dir);
	free(old);
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
	log_info("%s: done", s->what);
	return 0;
}

static int write_file(const struct plan_step *s)
{
	struct storage_file f;
	char why[PATH_MAX + 128];
	int rc, e;

	if (!s->base) {
		rc = file_replace(s->path, s->label_path, s->data, s->len, s->mode, true);
		if (rc < 0)
			log_fatal("unable to %s: unable to write %s: %s", s->what,
				  s->path, strerror(errno));
		return rc;
	}
	/* Walked again: the directory may have been swapped since it was read. */
	if (storage_reach(&f, s->base, s->path, why, sizeof why) < 0) {
		log_fatal("unable to %s: unable to write %s: %s", s->what, s->path, why);
		return -1;
	}
	rc = file_replace_at(f.dirfd, f.name, s->label_path, s->data, s->len, s->mode,
			     true);
	e = errno;
	storage_release(&f);
	if (rc < 0)
		log_fatal("unable to %s: unable to write %s: %s", s->what, s->path,
			  e == EEXIST ? "not a regular file (never written through)" :
					strerror(e));
	return rc;
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
			if (write_file(s) < 0)
				return -1;
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
		free(p->steps[i].base);
		free(p->steps[i].label_path);
		free(p->steps[i].data);
		free(p->steps[i].what);
		words_free(p->steps[i].argv);
	}
	free(p->steps);
	p->steps = NULL;
	p->n = 0;
}
