/* SPDX-License-Identifier: MIT */
#include "words.h"

#include <stdlib.h>
#include <string.h>

char **words_split(const char *s)
{
	size_t n = 0, cap = 4;
	char **w = malloc(cap * sizeof *w);

	if (!w)
		return NULL;
	while (*s) {
		const char *b;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		for (b = s; *s && *s != ' ' && *s != '\t'; s++)
			;
		if (n + 2 > cap) {
			char **nw = realloc(w, (cap *= 2) * sizeof *w);

			if (!nw)
				goto fail;
			w = nw;
		}
		w[n] = strndup(b, (size_t)(s - b));
		if (!w[n])
			goto fail;
		n++;
	}
	w[n] = NULL;
	return w;
fail:
	w[n] = NULL;
	words_free(w);
	return NULL;
}

void words_free(char **w)
{
	char **p;

	if (!w)
		return;
	for (p = w; *p; p++)
		free(*p);
	free(w);
}
