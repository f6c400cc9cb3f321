/* SPDX-License-Identifier: MIT */
#include "mountinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

/* mountinfo escapes blanks, tabs, newlines and backslashes as \ooo. */
static void unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
		    r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 +
				      (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

bool mountinfo_dev(const char *s, int base, dev_t *dev)
{
	unsigned long maj, min;
	char *end;

	maj = strtoul(s, &end, base);
	if (end == s || *end != ':')
		return false;
	s = end + 1;
	min = strtoul(s, &end, base);
	if (end == s || (*end && *end != ' '))
		return false;
	*dev = makedev(maj, min);
	return true;
}

/* "ID PARENT MAJ:MIN ROOT POINT OPTIONS [TAGS...] - FSTYPE SOURCE SUPEROPTIONS" */
bool mountinfo_parse(char *line, struct mount_line *m)
{
	char *f[6], *save = NULL, *end;
	int i;

	for (i = 0; i < 6; i++) {
		f[i] = strtok_r(i ? NULL : line, " \n", &save);
		if (!f[i])
			return false;
	}
	if (!mountinfo_dev(f[2], 10, &m->dev))
		return false;
	m->root = f[3];
	m->point = f[4];
	m->tags = save ? save : f[5] + strlen(f[5]);
	if (strncmp(m->tags, "- ", 2) == 0)
		*m->tags = '\0';
	else if ((end = strstr(m->tags, " - ")))
		*end = '\0';
	unescape(m->root);
	unescape(m->point);
	return true;
}

bool mountinfo_tag(const char *tags, const char *kind, unsigned n)
{
	char want[32];
	size_t len = (size_t)snprintf(want, sizeof want, "%s:%u", kind, n);
	const char *t = tags;

	while ((t = strstr(t, want))) {
		if ((t == tags || t[-1] == ' ') && (t[len] == '\0' || t[len] == ' '))
			return true;
		t += len;
	}
	return false;
}

unsigned mountinfo_shared(const char *tags)
{
	const char *t = tags;

	while ((t = strstr(t, "shared:"))) {
		if (t == tags || t[-1] == ' ')
			return (unsigned)strtoul(t + 7, NULL, 10);
		t += 7;
	}
	return 0;
}
