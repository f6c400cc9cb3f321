/* SPDX-License-Identifier: MIT */
/*
 * The workers.conf editor.  Input: the worker list, a newline, the file.
 * A plain list set into any file is what reading it back gives.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "workers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t listlen = nl ? (size_t)(nl - (const char *)data) : size;
	const char *buf = nl ? nl + 1 : "";
	size_t buflen = nl ? size - listlen - 1 : 0, outlen, i;
	char *list = strndup((const char *)data, listlen), *out, *back;
	int plain;

	if (!list)
		return 0;
	listlen = strlen(list); /* a NUL byte ends it early */
	plain = listlen > 0;
	for (i = 0; i < listlen; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789,", list[i]))
			plain = 0;
	free(workers_get_list(buf, buflen));
	out = workers_set_list(buf, buflen, list, &outlen);
	if (out && plain) {
		back = workers_get_list(out, outlen);
		if (!back || strcmp(back, list) != 0)
			abort();
		free(back);
	}
	free(out);
	free(list);
	return 0;
}
