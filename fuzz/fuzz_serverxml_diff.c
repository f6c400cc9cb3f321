/* SPDX-License-Identifier: MIT */
/*
 * server.xml, the writer against libxml2.  Input: two bytes of port, then
 * the file.  What libxml2 does not parse as a <Server> document is never
 * edited; what is edited is libxml2's root element's port and nothing
 * else: the edited file, parsed again, is the original document with only
 * that attribute changed (both serialized without it are the same bytes).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "serverxml.h"

/* As src/serverxml.c reads it: no network, no DTD loaded, no entity
 * substituted. */
#define OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES)

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* The document's root when it is a <Server> without a namespace. */
static xmlNodePtr server_root(xmlDocPtr doc)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

	return root && !root->ns && xmlStrcmp(root->name, BAD_CAST "Server") == 0 ? root :
										    NULL;
}

/* The document without the root's port attribute, serialized. */
static xmlChar *without_port(xmlDocPtr doc, xmlNodePtr root, int *len)
{
	xmlChar *out = NULL;

	xmlUnsetProp(root, BAD_CAST "port");
	xmlDocDumpMemory(doc, &out, len);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *err = NULL, *buf;
	unsigned port;
	size_t len, outlen;
	char *out, want[16];
	xmlDocPtr doc, edited;
	xmlNodePtr root, eroot;
	xmlChar *v, *a, *b;
	long have;
	int alen, blen;

	if (size < 2)
		return 0;
	xmlSetGenericErrorFunc(NULL, quiet);
	port = 1 + ((unsigned)data[0] << 8 | data[1]) % 65535;
	snprintf(want, sizeof want, "%u", port);
	buf = (const char *)data + 2;
	len = size - 2;
	doc = xmlReadMemory(buf, (int)len, "server.xml", NULL, OPTIONS);
	root = server_root(doc);
	have = serverxml_port(buf, len, &err);
	out = serverxml_set_port(buf, len, port, &outlen, &err);
	if (!root) {
		/* Not parsed, or another root: never read, never edited. */
		if (have != -1 || out)
			abort();
		goto done;
	}
	/* The port read is libxml2's (Tomcat's default when absent). */
	v = xmlGetNoNsProp(root, BAD_CAST "port");
	if (have >= 0 && have != (v ? strtol((const char *)v, NULL, 10) : 8005))
		abort();
	xmlFree(v);
	if (!out)
		goto done;
	edited = xmlReadMemory(out, (int)outlen, "server.xml", NULL, OPTIONS);
	eroot = server_root(edited);
	if (!eroot)
		abort();
	v = xmlGetNoNsProp(eroot, BAD_CAST "port");
	if (!v || strcmp((const char *)v, want) != 0)
		abort();
	xmlFree(v);
	a = without_port(doc, root, &alen);
	b = without_port(edited, eroot, &blen);
	if (!a || !b || alen != blen || memcmp(a, b, (size_t)alen) != 0)
		abort();
	xmlFree(a);
	xmlFree(b);
	xmlFreeDoc(edited);
	free(out);
done:
	xmlFreeDoc(doc);
	return 0;
}
