/* SPDX-License-Identifier: MIT */
/* Blank-separated words: settings values, argv vectors, environments. */
#ifndef SCALIX_HA_WORDS_H
#define SCALIX_HA_WORDS_H

/* Split on blanks into a NULL-terminated malloc'd vector. */
char **words_split(const char *s);
void words_free(char **w);

#endif
