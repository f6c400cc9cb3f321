/* SPDX-License-Identifier: MIT */
#include "xmllib.h"

#include <stddef.h>

#include "dynlib.h"

/* The build reads the SONAME from the library it compiles against. */
#ifndef LIBXML2_SONAME
#error "LIBXML2_SONAME must be defined (the Makefile reads it from libxml2.so)"
#endif

#define SYM(field, name) DYNSYM(xmllib, field, name)

static const struct dynsym xml_syms[] = {
	SYM(read_memory, "xmlReadMemory"),
	SYM(doc_get_root_element, "xmlDocGetRootElement"),
	SYM(str_cmp, "xmlStrcmp"),
	SYM(get_no_ns_prop, "xmlGetNoNsProp"),
	SYM(free_doc, "xmlFreeDoc"),
	SYM(get_line_no, "xmlGetLineNo"),
	SYM(free_var, "xmlFree"),
	SYM(buffer_create, "xmlBufferCreate"),
	SYM(buffer_free, "xmlBufferFree"),
	SYM(buffer_content, "xmlBufferContent"),
	SYM(buffer_length, "xmlBufferLength"),
	SYM(new_text_writer_memory, "xmlNewTextWriterMemory"),
	SYM(free_text_writer, "xmlFreeTextWriter"),
	SYM(writer_set_indent, "xmlTextWriterSetIndent"),
	SYM(writer_set_indent_string, "xmlTextWriterSetIndentString"),
	SYM(writer_start_element, "xmlTextWriterStartElement"),
	SYM(writer_end_element, "xmlTextWriterEndElement"),
	SYM(writer_write_attribute, "xmlTextWriterWriteAttribute"),
	SYM(writer_flush, "xmlTextWriterFlush"),
};

const struct xmllib *xmllib_get(const char **err)
{
	static struct xmllib lib;
	static struct dynlib_once once;
	static const struct dynlib_spec libs[] = {
		DYNLIB_SPEC(LIBXML2_SONAME, xml_syms),
	};

	return dynlib_once(&once, libs, sizeof libs / sizeof libs[0], &lib, err);
}
