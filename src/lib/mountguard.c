/* SPDX-License-Identifier: MIT */
#include "mountguard.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mountinfo.h"

/* Read once per run: list and status over many instances share it. */
static char **mount_points;
static size_t nmount_points;
static bool loaded;

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
		struct mount_line m;
		char **grown;

		if (!mountinfo_parse(line, &m))
			continue;
		grown = realloc(mount_points, (nmount_points + 1) * sizeof *grown);
		if (!grown)
			break;
		mount_points = grown;
		mount_points[nmount_points] = strdup(m.point);
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
