/* instance.cfg parser: no crash, and a valid registry serializes to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct registry r;
	size_t len;
	char *out;

	memset(&r, 0, sizeof r);
	if (registry_parse(&r, "fuzz.cfg", (const char *)data, size) == 0) {
		/* What the rewrite keeps: every byte of a file it did not change. */
		out = registry_serialize(&r, &len);
		if (out && (len != size || memcmp(out, data, size) != 0))
			abort();
		free(out);
		registry_disable_autostart(&r);
		free(registry_serialize(&r, &len));
	}
	registry_free(&r);
	return 0;
}
