/* SPDX-License-Identifier: MIT */
#include "plaintext.h"

#include <string.h>

size_t plaintext_bad_byte(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c >= 0x20 && c != 0x7f)
			continue;
		if (c == '\t' || c == '\n')
			continue;
		/* CRLF files are read as their LF twins (doc/CONTRACT.md). */
		if (c == '\r' && (i + 1 == len || buf[i + 1] == '\n'))
			continue;
		return i;
	}
	return len;
}

const char *plaintext_byte_name(char c)
{
	if (c == '\0')
		return "a NUL byte (the file is not text)";
	if (c == '\r')
		return "a carriage return inside the line";
	return "a control character (only tab is allowed)";
}

bool plaintext_value_ok(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return false;
	return true;
}

size_t plaintext_line_of(const char *buf, size_t off)
{
	size_t line = 1;
	const char *p = buf, *nl;

	while ((nl = memchr(p, '\n', off - (size_t)(p - buf))))
		line++, p = nl + 1;
	return line;
}
