/* SPDX-License-Identifier: MIT */
/* The sysconfig parser: no crash, no leak, every input accepted or reported. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings s;
	char *err = NULL;
	int rc;

	memset(&s, 0, sizeof s);
	rc = settings_parse(&s, "fuzz", (const char *)data, size, &err);
	if (rc < 0 && !err)
		abort(); /* a rejection always says why */
	free(err);
	settings_free(&s);
	return 0;
}
