#include "serverxml.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmllib.h"

/* Where the root element's start tag and its port value are in the bytes. */
struct root_tag {
	size_t name_end; /* just after "<Server" */
	bool has_port;
	size_t vstart, vend; /* the port value between its quotes */
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '-' || c == '.' ||
	       (unsigned char)c >= 0x80;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Skip from p past the first occurrence of end; NULL when absent. */
static const char *past(const char *p, const char *lim, const char *end)
{
	size_t n = strlen(end);

	for (; p + n <= lim; p++)
		if (memcmp(p, end, n) == 0)
			return p + n;
	return NULL;
}

/* Find the root element's start tag, skipping the prolog. */
static const char *scan_root(const char *buf, size_t len, struct root_tag *t)
{
	const char *p = buf, *lim = buf + len;

	memset(t, 0, sizeof *t);
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (;;) {
		while (p < lim && blank(*p))
			p++;
		if (p >= lim || *p != '<')
			return "no root element";
		if (p + 4 <= lim && memcmp(p, "<!--", 4) == 0)
			p = past(p + 4, lim, "-->");
		else if (p + 2 <= lim && p[1] == '?')
			p = past(p + 2, lim, "?>");
		else if (p + 9 <= lim && memcmp(p, "<!DOCTYPE", 9) == 0) {
			int depth = 0;

			for (p += 9; p < lim && (*p != '>' || depth); p++)
				depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
			p = p < lim ? p + 1 : NULL;
		} else
			break;
		if (!p)
			return "unterminated comment or declaration";
	}
	if (lim - p < 7 || memcmp(p, "<Server", 7) != 0 || name_char(p[7]))
		return "the root element is not <Server>";
	p += 7;
	t->name_end = (size_t)(p - buf);
	/* Attributes: name = "value" | 'value', until > or />. */
	for (;;) {
		const char *n0, *n1;
		char q;

		while (p < lim && blank(*p))
			p++;
		if (p >= lim)
			return "unterminated <Server> tag";
		if (*p == '>' || *p == '/')
			return NULL;
		for (n0 = p; p < lim && name_char(*p); p++)
			;
		n1 = p;
		if (n0 == n1)
			return "malformed <Server> tag";
		while (p < lim && blank(*p))
			p++;
		if (p >= lim || *p != '=')
			return "malformed attribute in <Server>";
		for (p++; p < lim && blank(*p); p++)
			;
		if (p >= lim || (*p != '"' && *p != '\''))
			return "malformed attribute in <Server>";
		q = *p++;
		{
			const char *v0 = p;

			while (p < lim && *p != q)
				p++;
			if (p >= lim)
				return "unterminated attribute value";
			if (n1 - n0 == 4 && memcmp(n0, "port", 4) == 0) {
				t->has_port = true;
				t->vstart = (size_t)(v0 - buf);
				t->vend = (size_t)(p - buf);
			}
			p++;
		}
	}
}

/* What libxml2 says: the root is <Server>, and its port attribute. */
static const char *parse_xml(const char *buf, size_t len, char **port)
{
	const struct xmllib *x;
	const char *err = NULL, *why;
	xmlDocPtr doc;
	xmlNodePtr root;

	*port = NULL;
	if (len > 16 << 20)
		return "file too large";
	if (!(x = xmllib_get(&why)))
		return why; /* "unable to load libxml2...": nothing is edited */
	doc = x->read_memory(buf, (int)len, "server.xml", NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return "not well-formed XML";
	root = x->doc_get_root_element(doc);
	if (!root || x->str_cmp(root->name, (const xmlChar *)"Server") != 0 || root->ns)
		err = "the root element is not <Server>";
	else {
		xmlChar *v = x->get_no_ns_prop(root, (const xmlChar *)"port");

		if (v) {
			*port = strdup((const char *)v);
			(*x->free_var)(v);
		}
	}
	x->free_doc(doc);
	return err;
}

static long port_value(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return end == s || *end || v < -1 || v > 65535 ? -2 : v;
}

/* Both views must agree on the element and its value, or nothing is edited. */
static const char *locate(const char *buf, size_t len, struct root_tag *t, long *port)
{
	const char *err;
	char *xml_port;

	if ((err = parse_xml(buf, len, &xml_port)))
		return err;
	if ((err = scan_root(buf, len, t))) {
		free(xml_port);
		return err;
	}
	if (!xml_port != !t->has_port ||
	    (xml_port && (t->vend - t->vstart != strlen(xml_port) ||
			  memcmp(buf + t->vstart, xml_port, strlen(xml_port)) != 0))) {
		free(xml_port);
		return "the <Server> port attribute is written in a way not understood";
	}
	*port = xml_port ? port_value(xml_port) : TOMCAT_DEFAULT_SHUTDOWN_PORT;
	free(xml_port);
	return *port == -2 ? "the <Server> port is not a number" : NULL;
}

long serverxml_port(const char *buf, size_t len, const char **err)
{
	struct root_tag t;
	long port;

	*err = locate(buf, len, &t, &port);
	return *err ? -1 : port;
}

char *serverxml_set_port(const char *buf, size_t len, unsigned port, size_t *outlen,
			 const char **err)
{
	struct root_tag t;
	char digits[16], *out;
	size_t dlen, head, tail;
	long cur;

	if ((*err = locate(buf, len, &t, &cur)))
		return NULL;
	dlen = (size_t)snprintf(digits, sizeof digits, t.has_port ? "%u" : " port=\"%u\"",
				port);
	head = t.has_port ? t.vstart : t.name_end;
	tail = t.has_port ? t.vend : t.name_end;
	out = malloc(len - (tail - head) + dlen + 1);
	if (!out) {
		*err = "out of memory";
		return NULL;
	}
	memcpy(out, buf, head);
	memcpy(out + head, digits, dlen);
	memcpy(out + head + dlen, buf + tail, len - tail);
	*outlen = len - (tail - head) + dlen;
	out[*outlen] = '\0';
	return out;
}
