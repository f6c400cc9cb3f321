#include "mountguard.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Read once per run: list and status over many instances share it. */
static char **mount_points;
static size_t nmount_points;
static bool loaded;

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

static void load(void)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	loaded = true;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... */
		char *fields[5], *save = NULL, *tok = line, **grown;
		int i;

		for (i = 0; i < 5 && (fields[i] = strtok_r(tok, " ", &save)); i++)
			tok = NULL;
		if (i < 5)
			continue;
		grown = realloc(mount_points, (nmount_points + 1) * sizeof *grown);
		if (!grown)
			break;
		mount_points = grown;
		unescape(fields[4]);
		mount_points[nmount_points] = strdup(fields[4]);
		if (mount_points[nmount_points])
			nmount_points++;
	}
	free(line);
	fclose(f);
}

void mount_table_reset(void)
{
	size_t i;

	for (i = 0; i < nmount_points; i++)
		free(mount_points[i]);
	free(mount_points);
	mount_points = NULL;
	nmount_points = 0;
	loaded = false;
}

bool is_mount_point(const char *path)
{
	char real[PATH_MAX];
	struct stat st;
	size_t i;

	/* stat first: a missing directory (an instance not on this node) then
	 * costs one call, where realpath reads a link per component. */
	if (stat(path, &st) < 0)
		return false;
	/* A symlinked directory resolves elsewhere. */
	if (!realpath(path, real))
		return false;
	if (!loaded)
		load();
	for (i = 0; i < nmount_points; i++)
		if (strcmp(mount_points[i], real) == 0)
			return true;
	return false;
}
