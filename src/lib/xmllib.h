/* SPDX-License-Identifier: MIT */
/*
 * libxml2, loaded on first use (see dynlib.h): only server.xml editing and
 * cluster-conf's XML output need it.  Callers include libxml2's own headers
 * for the types and call through the table.
 */
#ifndef SCALIX_HA_XMLLIB_H
#define SCALIX_HA_XMLLIB_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

struct xmllib {
	/* Parsing (serverxml.c) */
	__typeof__(xmlReadMemory) *read_memory;
	__typeof__(xmlDocGetRootElement) *doc_get_root_element;
	__typeof__(xmlStrcmp) *str_cmp;
	__typeof__(xmlGetNoNsProp) *get_no_ns_prop;
	__typeof__(xmlFreeDoc) *free_doc;
	__typeof__(xmlGetLineNo) *get_line_no;
	/* xmlFree is a variable holding the deallocator, not a function. */
	xmlFreeFunc *free_var;
	/* Writing (clusterconf.c) */
	__typeof__(xmlBufferCreate) *buffer_create;
	__typeof__(xmlBufferFree) *buffer_free;
	__typeof__(xmlBufferContent) *buffer_content;
	__typeof__(xmlBufferLength) *buffer_length;
	__typeof__(xmlNewTextWriterMemory) *new_text_writer_memory;
	__typeof__(xmlFreeTextWriter) *free_text_writer;
	__typeof__(xmlTextWriterSetIndent) *writer_set_indent;
	__typeof__(xmlTextWriterSetIndentString) *writer_set_indent_string;
	__typeof__(xmlTextWriterStartElement) *writer_start_element;
	__typeof__(xmlTextWriterEndElement) *writer_end_element;
	__typeof__(xmlTextWriterWriteAttribute) *writer_write_attribute;
	__typeof__(xmlTextWriterFlush) *writer_flush;
};

/* The table, loaded on the first call; NULL and *err ("unable to load ...")
 * when libxml2 cannot be loaded, on this call and every later one. */
const struct xmllib *xmllib_get(const char **err);

#endif
