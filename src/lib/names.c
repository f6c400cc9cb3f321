/* SPDX-License-Identifier: MIT */
#include "names.h"

#include <ctype.h>
#include <string.h>

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool instance_name_valid(const char *name)
{
	size_t i, len = strlen(name);

	if (len == 0 || len > INSTANCE_NAME_MAX || !alnum(name[0]))
		return false;
	for (i = 1; i < len; i++)
		if (!alnum(name[i]) && name[i] != '-' && name[i] != '_')
			return false;
	return true;
}

void instance_az(const char *name, char az[3])
{
	size_t len = strlen(name);

	az[0] = az[1] = az[2] = '\0';
	if (len) {
		az[0] = name[0];
		az[1] = name[len - 1];
	}
}

bool hostname_valid(const char *host)
{
	size_t label = 0, len = strlen(host), i;

	if (len == 0 || len > 253)
		return false;
	for (i = 0; i < len; i++) {
		char c = host[i];

		if (c == '.') {
			if (label == 0 || host[i - 1] == '-')
				return false;
			label = 0;
		} else if (alnum(c) || (c == '-' && label > 0)) {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return label > 0 && host[len - 1] != '-';
}
