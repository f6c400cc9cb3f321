/* SPDX-License-Identifier: MIT */
#include "serverxml.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmllib.h"

/* Line numbers past 65535 need BIG_LINES (2.9); without it such a file
 * is refused, its line numbers never agreeing. */
#if LIBXML_VERSION >= 20900
#define XML_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES)
#else
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
#endif

/* Where the root element's start tag and its port value are in the bytes. */
struct root_tag {
	size_t name_end; /* just after "<Server" */
	size_t tag_end;	 /* at the '>' or "/>" that ends the start tag */
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

static bool starts(const char *p, const char *lim, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(lim - p) >= n && memcmp(p, s, n) == 0;
}

/* Skip from p past the first occurrence of end; NULL when absent. */
static const char *past(const char *p, const char *lim, const char *end)
{
	size_t n = strlen(end);

	for (; p && p + n <= lim; p++)
		if (memcmp(p, end, n) == 0)
			return p + n;
	return NULL;
}

/* Skip a quoted literal starting at its quote; NULL when unterminated. */
static const char *literal(const char *p, const char *lim)
{
	const char *q = memchr(p + 1, *p, (size_t)(lim - p - 1));

	return q ? q + 1 : NULL;
}

/* Skip to just after the '>' that ends a declaration, over its quoted
 * literals, which may hold '>', ']' or a look-alike <Server>. */
static const char *decl_end(const char *p, const char *lim, bool subset_ok)
{
	while (p && p < lim) {
		if (*p == '>')
			return p + 1;
		if (*p == '"' || *p == '\'')
			p = literal(p, lim);
		else if (*p == '[' && subset_ok)
			return p;
		else if (*p == '<')
			return NULL;
		else
			p++;
	}
	return NULL;
}

/*
 * Skip the DTD's internal subset from just after its '['; just after its
 * ']' or NULL.  What XML allows there: declarations, comments, PIs,
 * parameter entity references and blanks; conditional sections and CDATA
 * are not (libxml2 refuses them too).
 */
static const char *internal_subset(const char *p, const char *lim)
{
	while (p) {
		while (p < lim && blank(*p))
			p++;
		if (p >= lim)
			return NULL;
		if (*p == ']')
			return p + 1;
		if (starts(p, lim, "<!--"))
			p = past(p + 4, lim, "-->");
		else if (starts(p, lim, "<?"))
			p = past(p + 2, lim, "?>");
		else if (starts(p, lim, "<!"))
			/* "<![": a conditional section or CDATA, not here. */
			p = starts(p, lim, "<![") ? NULL : decl_end(p + 2, lim, false);
		else if (*p == '%') {
			for (p++; p < lim && name_char(*p); p++)
				;
			p = p < lim && *p == ';' ? p + 1 : NULL;
		} else
			return NULL;
	}
	return NULL;
}

/* Skip a DOCTYPE from just after "<!DOCTYPE": name, external ID, subset. */
static const char *doctype(const char *p, const char *lim)
{
	p = decl_end(p, lim, true);
	if (!p || p[-1] == '>')
		return p;
	if (!(p = internal_subset(p + 1, lim)))
		return NULL;
	while (p < lim && blank(*p))
		p++;
	return p < lim && *p == '>' ? p + 1 : NULL;
}

/* Find the root element's start tag, skipping the prolog. */
static const char *scan_root(const char *buf, size_t len, struct root_tag *t)
{
	const char *p = buf, *lim = buf + len;

	memset(t, 0, sizeof *t);
	if (starts(p, lim, "\xEF\xBB\xBF"))
		p += 3;
	for (;;) {
		while (p < lim && blank(*p))
			p++;
		if (p >= lim || *p != '<')
			return "no root element";
		if (starts(p, lim, "<!--"))
			p = past(p + 4, lim, "-->");
		else if (starts(p, lim, "<?"))
			p = past(p + 2, lim, "?>");
		else if (starts(p, lim, "<!DOCTYPE"))
			p = doctype(p + 9, lim);
		else
			break;
		if (!p)
			return "unterminated comment or declaration";
	}
	if (!starts(p, lim, "<Server") || (p + 7 < lim && name_char(p[7])))
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
		if (*p == '>' || *p == '/') {
			t->tag_end = (size_t)(p - buf);
			return NULL;
		}
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

/* The line of buf[off], counted as libxml2 counts them (newlines). */
static long line_of(const char *buf, size_t off)
{
	long line = 1;
	const char *p = buf, *nl;

	while ((nl = memchr(p, '\n', off - (size_t)(p - buf)))) {
		line++;
		p = nl + 1;
	}
	return line;
}

/*
 * What libxml2 says: the root is <Server>, its port attribute, and the line
 * its start tag ends on.  No network, no DTD loaded, no entity substituted
 * into the tree: the file is read as Tomcat's parser reads it, nothing more.
 */
static const char *parse_xml(const char *buf, size_t len, char **port, long *line)
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
	doc = x->read_memory(buf, (int)len, "server.xml", NULL, XML_OPTIONS);
	if (!doc)
		return "not well-formed XML";
	root = x->doc_get_root_element(doc);
	if (!root || x->str_cmp(root->name, (const xmlChar *)"Server") != 0 || root->ns)
		err = "the root element is not <Server>";
	else {
		xmlChar *v = x->get_no_ns_prop(root, (const xmlChar *)"port");

		*line = x->get_line_no(root);
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

/*
 * Both views must agree, or nothing is edited: the scanner's root start
 * tag ends on the line where libxml2's root element's does, and the bytes
 * of its port value are the value libxml2 reads (no entity, no character
 * reference, no normalized blank in them).
 */
static const char *locate(const char *buf, size_t len, struct root_tag *t, long *port)
{
	const char *err;
	char *xml_port;
	long line = 0;

	if ((err = parse_xml(buf, len, &xml_port, &line)))
		return err;
	if ((err = scan_root(buf, len, t))) {
		free(xml_port);
		return err;
	}
	if (line != line_of(buf, t->tag_end)) {
		free(xml_port);
		return "the <Server> element found is not the document's root";
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

/* libxml2 reads out as buf with only the root's port changed to port. */
static const char *check_edit(const char *out, size_t outlen, unsigned port)
{
	const char *err;
	char *xml_port;
	long line;

	if ((err = parse_xml(out, outlen, &xml_port, &line)))
		return err;
	err = xml_port && port_value(xml_port) == (long)port ?
		      NULL :
		      "the edit would not change the <Server> port as libxml2 reads it";
	free(xml_port);
	return err;
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
	if ((*err = check_edit(out, *outlen, port))) {
		free(out);
		return NULL;
	}
	return out;
}

/* An HTTP connector: no protocol (Tomcat's default), HTTP/1.1 or an Http11 class. */
static bool http_connector(const struct xmllib *x, xmlNodePtr n)
{
	xmlChar *proto = x->get_no_ns_prop(n, (const xmlChar *)"protocol");
	bool http = !proto || strcmp((const char *)proto, "HTTP/1.1") == 0 ||
		    strstr((const char *)proto, "Http11") != NULL;

	if (proto)
		(*x->free_var)(proto);
	return http;
}

long serverxml_http_port(const char *buf, size_t len, const char **err)
{
	const struct xmllib *x;
	xmlNodePtr root, svc, n;
	xmlDocPtr doc;
	long port = TOMCAT_DEFAULT_HTTP_PORT;
	bool found = false;

	*err = NULL;
	if (len > 16 << 20 || !(x = xmllib_get(err))) {
		*err = *err ? *err : "file too large";
		return -1;
	}
	doc = x->read_memory(buf, (int)len, "server.xml", NULL,
			     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		*err = "not well-formed XML";
		return -1;
	}
	root = x->doc_get_root_element(doc);
	/* Server/Service/Connector: the first HTTP one, as Tomcat reads it. */
	for (svc = root ? root->children : NULL; svc && !found; svc = svc->next) {
		if (svc->type != XML_ELEMENT_NODE ||
		    x->str_cmp(svc->name, (const xmlChar *)"Service") != 0)
			continue;
		for (n = svc->children; n; n = n->next) {
			xmlChar *v;

			if (n->type != XML_ELEMENT_NODE ||
			    x->str_cmp(n->name, (const xmlChar *)"Connector") != 0 ||
			    !http_connector(x, n))
				continue;
			v = x->get_no_ns_prop(n, (const xmlChar *)"port");
			port = v ? port_value((const char *)v) : TOMCAT_DEFAULT_HTTP_PORT;
			if (v)
				(*x->free_var)(v);
			found = true;
			break;
		}
	}
	x->free_doc(doc);
	if (port < 1) {
		*err = "the HTTP connector's port is not a port number";
		return -1;
	}
	return port;
}
