/* SPDX-License-Identifier: MIT */
/*
 * What the cluster-conf writers share: libxml2's text writer behind a few
 * calls that remember the first failure (the writer does the escaping), and
 * the service address as ADDR[/PREFIX].
 */
#ifndef SCALIX_HA_CLUSTERCONF_XML_H
#define SCALIX_HA_CLUSTERCONF_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "clusterconf.h"
#include "log.h"
#include "xmllib.h"

struct xw {
	const struct xmllib *lib;
	xmlTextWriterPtr w;
	bool failed;
};

void x_start(struct xw *x, const char *element);
void x_end(struct xw *x);
void x_attr(struct xw *x, const char *name, const char *value);
void x_attrf(struct xw *x, const char *name, const char *fmt, ...) PRINTFLIKE(3, 4);

/* Runs body on an indenting writer and copies note (an XML comment) and the
 * document to out: 0 or -1. */
int cc_write_xml(FILE *out, const char *note,
		 void (*body)(struct xw *x, const struct cc_params *p),
		 const struct cc_params *p);

/* p's address, with "/PREFIX" when it has one. */
void cc_address_with_prefix(const struct cc_service *s, char *buf, size_t len);

#endif
