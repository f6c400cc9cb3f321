/* SPDX-License-Identifier: MIT */
#include "readyspec.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool port_word(const char *s, unsigned *port)
{
	char *end;
	unsigned long v;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return false;
	v = strtoul(s, &end, 10);
	if (v < 1 || v > 65535)
		return false;
	*port = (unsigned)v;
	return true;
}

static bool host_ok(const char *h)
{
	if (!*h || strlen(h) >= READY_HOST_MAX)
		return false;
	if (strcmp(h, "%h") == 0)
		return true;
	for (; *h; h++)
		if (!isalnum((unsigned char)*h) && !strchr(".-:_", *h))
			return false;
	return true;
}

const char *ready_parse(const char *v, struct ready_spec *out)
{
	const char *rest, *colon;
	char addr[READY_HOST_MAX] = "";
	size_t n;

	memset(out, 0, sizeof *out);
	if (strcmp(v, "none") == 0 || !*v)
		return NULL;
	if (strncmp(v, "tcp:", 4) == 0) {
		out->type = READY_TCP;
		rest = v + 4;
	} else if (strncmp(v, "http:", 5) == 0 || strcmp(v, "http") == 0) {
		out->type = READY_HTTP;
		rest = v[4] ? v + 5 : "%h";
	} else {
		return "expected none, tcp:ADDRESS:PORT or http:ADDRESS[:PORT]";
	}
	/* [IPv6]:PORT, or the port after the last colon. */
	if (*rest == '[') {
		const char *close = strchr(rest, ']');

		if (!close || (close[1] && close[1] != ':'))
			return "an IPv6 address is written [ADDRESS]";
		n = (size_t)(close - rest - 1);
		colon = close[1] ? close + 1 : NULL;
		rest++;
	} else {
		colon = strrchr(rest, ':');
		n = colon ? (size_t)(colon - rest) : strlen(rest);
	}
	if (n >= sizeof addr)
		return "the address is too long";
	memcpy(addr, rest, n);
	addr[n] = '\0';
	if (!host_ok(addr))
		return "expected %h, a host name or an IP address";
	snprintf(out->host, sizeof out->host, "%s", addr);
	if (colon && !port_word(colon + 1, &out->port))
		return "expected a port number from 1 to 65535";
	if (out->type == READY_TCP && !out->port)
		return "tcp needs a port (tcp:ADDRESS:PORT)";
	return NULL;
}
