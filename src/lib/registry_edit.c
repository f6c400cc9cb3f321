/* SPDX-License-Identifier: MIT */
/* The registry rewritten: every line kept but those it means to change. */
#include "registry_edit.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kv.h"
#include "names.h"
#include "registry_build.h"

static int replace_line(struct registry *r, size_t idx, const char *text)
{
	char *owned = strdup(text);

	if (!owned)
		return -1;
	free(r->lines[idx].owned);
	/* Field by field: cppcheck loses track of a compound literal's owner. */
	r->lines[idx].text = owned;
	r->lines[idx].len = strlen(owned);
	r->lines[idx].owned = owned;
	return 0;
}

/* Insert text as a new line after index idx, shifting the rest down. */
static int insert_line(struct registry *r, size_t idx, const char *text)
{
	char *owned = strdup(text);
	size_t i;

	if (!owned || registry_push_line(r, owned, strlen(owned), owned) < 0) {
		free(owned);
		return -1;
	}
	memmove(&r->lines[idx + 2], &r->lines[idx + 1],
		(r->nlines - idx - 2) * sizeof r->lines[0]);
	r->lines[idx + 1] = (struct reg_line){ owned, strlen(owned), owned };
	for (i = 0; i < r->ninst; i++) {
		struct instance *in = &r->inst[i];

		if (in->first > idx)
			in->first++;
		if (in->last > idx)
			in->last++;
		if (in->autostart_line != NO_LINE && in->autostart_line > idx)
			in->autostart_line++;
	}
	return 0;
}

/* A line that ends without a newline gets one before anything follows it. */
static int terminate_line(struct registry *r, size_t idx)
{
	struct reg_line *l = &r->lines[idx];
	char *text;

	if (l->len && l->text[l->len - 1] == '\n')
		return 0;
	if (asprintf(&text, "%.*s\n", (int)l->len, l->text) < 0)
		return -1;
	free(l->owned);
	*l = (struct reg_line){ text, strlen(text), text };
	return 0;
}

int registry_disable_autostart(struct registry *r)
{
	size_t i;
	int changed = 0;

	if (r->records_only) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < r->ninst; i++) {
		struct instance *in = &r->inst[i];
		char *text, *v;

		if (in->autostart && strcmp(in->autostart, "FALSE") == 0)
			continue;
		if (in->autostart_line != NO_LINE) {
			/* Keep everything around the value: indentation, comments. */
			const struct reg_line *l = &r->lines[in->autostart_line];
			struct kv kv;

			kv_parse_line(l->text, registry_content_len(l->text, l->len),
				      &kv);
			free(kv.value);
			/* Everything after the value, line end included, as it was. */
			if (asprintf(&text, "%.*sFALSE%.*s", (int)kv.vstart, l->text,
				     (int)(l->len - kv.vend), l->text + kv.vend) < 0)
				return -1;
			if (replace_line(r, in->autostart_line, text) < 0) {
				free(text);
				return -1;
			}
			free(text);
		} else {
			/* The new line ends as the record's lines do (CRLF or LF). */
			const struct reg_line *l = &r->lines[in->last];
			bool crlf = l->len >= 2 && l->text[l->len - 2] == '\r';

			if (terminate_line(r, in->last) < 0 ||
			    insert_line(r, in->last,
					crlf ? "OMAUTOSTART=FALSE\r\n" :
					       "OMAUTOSTART=FALSE\n") < 0)
				return -1;
			in->autostart_line = ++in->last;
		}
		v = strdup("FALSE");
		if (!v)
			return -1;
		free(in->autostart);
		in->autostart = v;
		changed++;
	}
	return changed;
}

int registry_append(struct registry *r, const char *name, const char *host,
		    const char *datadir, const char *autostart)
{
	const char *keys[4] = { "OMNAME", "OMHOSTNAME", "OMDATADIR", "OMAUTOSTART" };
	const char *vals[4] = { name, host, datadir, autostart };
	struct instance *in;
	size_t k;

	if (r->records_only) {
		errno = EINVAL;
		return -1;
	}
	if (r->nlines && terminate_line(r, r->nlines - 1) < 0)
		return -1;
	/* Records are separated by a '#' line, as ommakeom writes them. */
	if (r->ninst && registry_push_line(r, "#\n", 2, NULL) < 0)
		return -1;
	in = registry_push_instance(r);
	if (!in)
		return -1;
	in->name = strdup(name);
	in->host = strdup(host);
	in->datadir = strdup(datadir);
	in->autostart = autostart ? strdup(autostart) : NULL;
	instance_az(name, in->az);
	in->first = r->nlines;
	in->autostart_line = NO_LINE;
	for (k = 0; k < 4; k++) {
		char *q, *text;

		if (!vals[k])
			continue;
		q = kv_quote(vals[k]);
		if (!q || asprintf(&text, "%s=%s\n", keys[k], q) < 0) {
			free(q);
			return -1;
		}
		free(q);
		if (registry_push_line(r, text, strlen(text), text) < 0) {
			free(text);
			return -1;
		}
		if (k == 3)
			in->autostart_line = r->nlines - 1;
	}
	in->last = r->nlines - 1;
	return in->name && in->host && in->datadir ? 0 : -1;
}

char *registry_serialize(const struct registry *r, size_t *len)
{
	size_t total = 0, i, n = 0;
	char *out;

	if (r->records_only) {
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; i < r->nlines; i++)
		total += r->lines[i].len;
	out = malloc(total + 1);
	if (!out)
		return NULL;
	for (i = 0; i < r->nlines; i++) {
		memcpy(out + n, r->lines[i].text, r->lines[i].len);
		n += r->lines[i].len;
	}
	out[n] = '\0';
	*len = n;
	return out;
}
