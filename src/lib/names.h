/* SPDX-License-Identifier: MIT */
/* Instance names, their az short form, and host names. */
#ifndef SCALIX_HA_NAMES_H
#define SCALIX_HA_NAMES_H

#include <stdbool.h>

#define INSTANCE_NAME_MAX 63

/*
 * Letters, digits, '-' and '_', at most INSTANCE_NAME_MAX.  The first
 * character may not be '-' or '_': the name is passed as an argument to the
 * vendor tools, which would read a leading '-' as an option.
 */
bool instance_name_valid(const char *name);

/* az = first and last character ("mail1" -> "m1"), as Scalix's installer. */
void instance_az(const char *name, char az[3]);

/* RFC 1123 host name (letters, digits, '-', dots between labels). */
bool hostname_valid(const char *host);

#endif
