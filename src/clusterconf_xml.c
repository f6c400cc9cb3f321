/* SPDX-License-Identifier: MIT */
/* XML through libxml2's writer, which does the escaping; see clusterconf_xml.h. */
#include "clusterconf_xml.h"

#include <stdarg.h>

void x_start(struct xw *x, const char *element)
{
	if (!x->failed && x->lib->writer_start_element(x->w, BAD_CAST element) < 0)
		x->failed = true;
}

void x_end(struct xw *x)
{
	if (!x->failed && x->lib->writer_end_element(x->w) < 0)
		x->failed = true;
}

void x_attr(struct xw *x, const char *name, const char *value)
{
	if (!x->failed &&
	    x->lib->writer_write_attribute(x->w, BAD_CAST name, BAD_CAST value) < 0)
		x->failed = true;
}

void x_attrf(struct xw *x, const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf) {
		x->failed = true;
		return;
	}
	x_attr(x, name, buf);
}

void cc_address_with_prefix(const struct cc_service *s, char *buf, size_t len)
{
	if (s->prefix >= 0)
		snprintf(buf, len, "%s/%d", s->addr, s->prefix);
	else
		snprintf(buf, len, "%s", s->addr);
}

int cc_write_xml(FILE *out, const char *note,
		 void (*body)(struct xw *x, const struct cc_params *p),
		 const struct cc_params *p)
{
	const char *err;
	const struct xmllib *lib = xmllib_get(&err);
	xmlBufferPtr buf;
	struct xw x = { lib, NULL, false };
	int rc = -1;

	if (!lib) {
		log_fatal("%s", err);
		return -1;
	}
	buf = lib->buffer_create();
	if (!buf)
		return -1;
	x.w = lib->new_text_writer_memory(buf, 0);
	if (!x.w) {
		lib->buffer_free(buf);
		return -1;
	}
	if (lib->writer_set_indent(x.w, 1) < 0 ||
	    lib->writer_set_indent_string(x.w, BAD_CAST "  ") < 0)
		x.failed = true;
	body(&x, p);
	/* The note is fixed text: a comment before the root, no escaping. */
	if (!x.failed && lib->writer_flush(x.w) >= 0 && fputs(note, out) >= 0 &&
	    fwrite(lib->buffer_content(buf), 1, (size_t)lib->buffer_length(buf), out) ==
		    (size_t)lib->buffer_length(buf))
		rc = 0;
	lib->free_text_writer(x.w);
	lib->buffer_free(buf);
	return rc;
}
