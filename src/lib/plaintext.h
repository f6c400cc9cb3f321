/* SPDX-License-Identifier: MIT */
/*
 * Configuration files are text: a control character in one (a NUL, an
 * escape, a stray carriage return) is refused where it is, never read past
 * or dropped, since C strings and sh would each see a different value.
 */
#ifndef SCALIX_HA_PLAINTEXT_H
#define SCALIX_HA_PLAINTEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Offset in buf of the first byte a text file must not hold: a control
 * character other than tab and newline, or DEL.  A carriage return is the
 * one exception: as the first half of a CRLF line end, or the last byte.
 * len when there is none.
 */
size_t plaintext_bad_byte(const char *buf, size_t len);

/* What that byte is, for "file:line: ..." ("a NUL byte", ...). */
const char *plaintext_byte_name(char c);

/* s can be one value of a text file: no control character but tab (no
 * newline either). */
bool plaintext_value_ok(const char *s);

/* The 1-based line of offset off in buf. */
size_t plaintext_line_of(const char *buf, size_t off);

#endif
