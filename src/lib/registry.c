/* SPDX-License-Identifier: MIT */
#include "registry.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileread.h"
#include "kv.h"
#include "log.h"
#include "names.h"
#include "registry_build.h"
#include "registry_check.h"

void registry_add_error(struct registry *r, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (r->nerrors++ >= REG_ERRORS_KEPT)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (asprintf(&r->errors[r->nerrors - 1], "%s:%zu: %s", r->path, line, msg) < 0)
		r->errors[r->nerrors - 1] = NULL;
}

int registry_push_line(struct registry *r, const char *text, size_t len, char *owned)
{
	if (r->nlines == r->cap_lines) {
		size_t cap = r->cap_lines ? r->cap_lines * 2 : 64;
		struct reg_line *l = realloc(r->lines, cap * sizeof *l);

		if (!l)
			return -1;
		r->lines = l;
		r->cap_lines = cap;
	}
	r->lines[r->nlines++] = (struct reg_line){ text, len, owned };
	return 0;
}

struct instance *registry_push_instance(struct registry *r)
{
	if (r->ninst == r->cap_inst) {
		size_t cap = r->cap_inst ? r->cap_inst * 2 : 8;
		struct instance *i = realloc(r->inst, cap * sizeof *i);

		if (!i)
			return NULL;
		r->inst = i;
		r->cap_inst = cap;
	}
	memset(&r->inst[r->ninst], 0, sizeof r->inst[0]);
	return &r->inst[r->ninst++];
}

/* Length of a line's content, without its "\n" (kv_parse_line takes a
 * final "\r" as the rest of a CRLF line end, and refuses any other). */
size_t registry_content_len(const char *text, size_t len)
{
	if (len && text[len - 1] == '\n')
		len--;
	return len;
}

/* Set *field from kv, refusing a second value for the same record. */
static void take_field(struct registry *r, struct instance *in, char **field,
		       size_t *field_line, struct kv *kv, size_t idx)
{
	if (*field) {
		registry_add_error(r, idx + 1,
				   "%s given twice for instance %s (first at line %zu)",
				   kv->key, in->name, *field_line + 1);
		return;
	}
	*field = kv->value;
	*field_line = idx;
	kv->value = NULL;
}

/* The parser's state between lines, so that a file can be parsed as it is read. */
struct parser {
	struct registry *r;
	struct instance *cur; /* the record being read, or NULL */
	size_t host_line, datadir_line;
	size_t done; /* bytes of r->buf already split into lines */
	size_t cap;  /* size of r->buf, its final '\0' included */
};

/* Line i (0-based) of the file, len bytes with its line end. */
static int parse_line(struct parser *p, size_t i, const char *text, size_t len)
{
	struct registry *r = p->r;
	struct kv kv;

	switch (kv_parse_line(text, registry_content_len(text, len), &kv)) {
	case KV_BLANK:
	case KV_COMMENT:
		return 0;
	case KV_ERROR:
		registry_add_error(r, i + 1, "%s", kv.error);
		return 0;
	case KV_ASSIGN:
		break;
	}
	if (strcmp(kv.key, "OMNAME") == 0) {
		if (p->cur)
			registry_check_record(r, p->cur, p->host_line, p->datadir_line);
		if (!instance_name_valid(kv.value)) {
			registry_add_error(
				r, i + 1,
				"invalid instance name \"%s\" (letters, digits, '-' "
				"and '_', starting with a letter or digit, at most %d)",
				kv.value, INSTANCE_NAME_MAX);
			p->cur = NULL;
			free(kv.value);
			return 0;
		}
		p->cur = registry_push_instance(r);
		if (!p->cur) {
			free(kv.value);
			registry_add_error(r, i + 1, "out of memory");
			return -1;
		}
		p->cur->name = kv.value;
		instance_az(p->cur->name, p->cur->az);
		p->cur->first = p->cur->last = i;
		p->cur->autostart_line = NO_LINE;
		return 0;
	}
	if (!p->cur) {
		/* After an invalid OMNAME that error says enough. */
		if (r->ninst == 0 && r->nerrors == 0)
			registry_add_error(
				r, i + 1,
				"%s outside an instance record (records start with "
				"OMNAME=)",
				kv.key);
		free(kv.value);
		return 0;
	}
	p->cur->last = i;
	if (strcmp(kv.key, "OMHOSTNAME") == 0)
		take_field(r, p->cur, &p->cur->host, &p->host_line, &kv, i);
	else if (strcmp(kv.key, "OMDATADIR") == 0)
		take_field(r, p->cur, &p->cur->datadir, &p->datadir_line, &kv, i);
	else if (strcmp(kv.key, "OMAUTOSTART") == 0)
		take_field(r, p->cur, &p->cur->autostart, &p->cur->autostart_line, &kv,
			   i);
	free(kv.value); /* unknown keys are kept as lines only */
	return 0;
}

/*
 * Split and parse the lines of r->buf up to r->len; the last one only when
 * the input is complete.  Returns false to stop: out of memory, or the
 * errors kept are full and the rest would only be counted (like a
 * compiler's error limit, this keeps a huge broken file cheap to reject).
 */
static bool parse_more(struct parser *p, bool complete)
{
	struct registry *r = p->r;

	while (p->done < r->len) {
		const char *nl = memchr(r->buf + p->done, '\n', r->len - p->done);
		size_t end = nl ? (size_t)(nl - r->buf) + 1 : r->len;
		const char *text = r->buf + p->done;
		size_t len = end - p->done;

		if (!nl && !complete)
			break;
		if (r->nerrors >= REG_ERRORS_KEPT) {
			r->stopped = true;
			return false;
		}
		if (!r->records_only) {
			if (registry_push_line(r, text, len, NULL) < 0) {
				registry_add_error(r, r->nlines + 1, "out of memory");
				return false;
			}
		} else {
			r->nlines++;
		}
		p->done = end;
		if (parse_line(p, r->nlines - 1, text, len) < 0)
			return false;
	}
	return true;
}

static int parse_end(struct parser *p)
{
	struct registry *r = p->r;

	if (r->stopped)
		return -1;
	if (p->cur)
		registry_check_record(r, p->cur, p->host_line, p->datadir_line);
	registry_check_collisions(r);
	return r->nerrors ? -1 : 0;
}

/* r zeroed, its path set and room for size bytes of text (+ '\0'). */
static int parse_begin(struct registry *r, struct parser *p, const char *path,
		       size_t size)
{
	memset(r, 0, sizeof *r);
	*p = (struct parser){ .r = r };
	r->path = strdup(path);
	p->cap = size + 1;
	r->buf = malloc(p->cap);
	if (!r->path || !r->buf) {
		registry_add_error(r, 0, "out of memory");
		return -1;
	}
	r->buf[0] = '\0';
	return 0;
}

int registry_parse(struct registry *r, const char *path, const char *buf, size_t len)
{
	struct parser p;

	if (parse_begin(r, &p, path, len) < 0)
		return -1;
	memcpy(r->buf, buf, len);
	r->buf[len] = '\0';
	r->len = len;
	if (!parse_more(&p, true))
		return -1;
	return parse_end(&p);
}

/* Bytes read at a time: a broken file is rejected after its first errors.
 * The fuzz build makes it tiny, so that lines straddle every read. */
#ifndef REGISTRY_READ_CHUNK
#define REGISTRY_READ_CHUNK (64 << 10)
#endif
#define READ_CHUNK ((size_t)REGISTRY_READ_CHUNK)

/*
 * Room for the next read.  Text kept: the buffer has the file's size and
 * never moves, since lines point into it.  Records only: a window, with the
 * line not yet complete moved to its front, grown only for a longer line.
 */
static int make_room(struct parser *p)
{
	struct registry *r = p->r;
	char *b;

	if (!r->records_only)
		return 0;
	memmove(r->buf, r->buf + p->done, r->len - p->done);
	r->len -= p->done;
	p->done = 0;
	if (r->len + 1 < p->cap)
		return 0;
	b = realloc(r->buf, p->cap + READ_CHUNK);
	if (!b) {
		registry_add_error(r, r->nlines + 1, "out of memory");
		return -1;
	}
	r->buf = b;
	p->cap += READ_CHUNK;
	return 0;
}

static int load(struct registry *r, const char *path, bool records_only)
{
	struct parser p;
	struct stat st;
	size_t size, got = 0;
	int fd, e;

	memset(r, 0, sizeof *r);
	/* Non-blocking: a FIFO at the registry cannot hold the helper. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		e = errno;
		if (e == ENOENT) {
			int rc = registry_parse(r, path, "", 0);

			errno = ENOENT;
			return rc;
		}
		r->path = strdup(path);
		registry_add_error(r, 0, "cannot open: %s", strerror(e));
		errno = e;
		return -1;
	}
	e = fstat(fd, &st) < 0	     ? errno :
	    !S_ISREG(st.st_mode)     ? EINVAL :
	    st.st_size >= (64 << 20) ? EFBIG :
				       0;
	if (e) {
		close(fd);
		r->path = strdup(path);
		registry_add_error(r, 0, "cannot read the whole file: %s",
				   file_strerror(e));
		errno = e;
		return -1;
	}
	size = (size_t)st.st_size;
	if (parse_begin(r, &p, path,
			records_only && size > READ_CHUNK ? READ_CHUNK : size) < 0) {
		close(fd);
		return -1;
	}
	r->records_only = records_only;
	while (got < size) {
		size_t want = size - got < READ_CHUNK ? size - got : READ_CHUNK;
		ssize_t n;

		if (make_room(&p) < 0)
			break;
		if (want > p.cap - r->len - 1)
			want = p.cap - r->len - 1;
		n = read(fd, r->buf + r->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		r->len += (size_t)n;
		got += (size_t)n;
		r->buf[r->len] = '\0';
		if (!parse_more(&p, got == size)) {
			close(fd);
			return -1;
		}
	}
	close(fd);
	if (got != size) {
		if (!r->nerrors)
			registry_add_error(r, 0, "cannot read the whole file");
		return -1;
	}
	return parse_end(&p);
}

int registry_load(struct registry *r, const char *path)
{
	return load(r, path, false);
}

int registry_scan(struct registry *r, const char *path)
{
	return load(r, path, true);
}

void registry_free(struct registry *r)
{
	size_t i;

	for (i = 0; r->lines && i < r->nlines; i++)
		free(r->lines[i].owned);
	for (i = 0; i < r->ninst; i++) {
		free(r->inst[i].name);
		free(r->inst[i].host);
		free(r->inst[i].datadir);
		free(r->inst[i].autostart);
	}
	for (i = 0; i < REG_ERRORS_KEPT; i++)
		free(r->errors[i]);
	free(r->lines);
	free(r->inst);
	free(r->buf);
	free(r->path);
	memset(r, 0, sizeof *r);
}

const struct instance *registry_find(const struct registry *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ninst; i++)
		if (strcmp(r->inst[i].name, name) == 0)
			return &r->inst[i];
	return NULL;
}

void registry_report(const struct registry *r)
{
	size_t i;

	for (i = 0; i < r->nerrors && i < REG_ERRORS_KEPT; i++)
		log_fatal("%s", r->errors[i] ?
					r->errors[i] :
					"unable to read the registry: out of memory");
	if (r->nerrors > REG_ERRORS_KEPT)
		log_fatal("unable to read %s: %zu more errors not shown", r->path,
			  r->nerrors - REG_ERRORS_KEPT);
	if (r->stopped)
		log_fatal("unable to read %s: stopped after %zu errors; lines after %zu "
			  "not checked",
			  r->path, r->nerrors, r->nlines);
}
