/* SPDX-License-Identifier: MIT */
/*
 * The server.xml editor.  Input: two bytes of port, then the file.  A port
 * set is the port read back, and nothing else in the file changes length
 * beyond the port's digits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serverxml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *err = NULL, *buf;
	unsigned port;
	size_t len, outlen;
	char *out;

	if (size < 2)
		return 0;
	port = 1 + ((unsigned)data[0] << 8 | data[1]) % 65535;
	buf = (const char *)data + 2;
	len = size - 2;
	serverxml_port(buf, len, &err);
	out = serverxml_set_port(buf, len, port, &outlen, &err);
	if (out) {
		if (serverxml_port(out, outlen, &err) != (long)port)
			abort();
		free(out);
	}
	return 0;
}
