/* SPDX-License-Identifier: MIT */
#include "dirs.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int mkdir_p(const char *path, unsigned mode)
{
	char buf[4096];
	size_t i, len = strlen(path);

	if (len >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -1;
		buf[i] = path[i];
	}
	return 0;
}
