/* SPDX-License-Identifier: MIT */
/* One line of /proc/PID/mountinfo (proc(5)), split into what the helper uses. */
#ifndef SCALIX_HA_MOUNTINFO_H
#define SCALIX_HA_MOUNTINFO_H

#include <stdbool.h>
#include <sys/types.h>

struct mount_line {
	dev_t dev;   /* the superblock's MAJ:MIN */
	char *root;  /* the mounted directory of that file system, unescaped */
	char *point; /* where it is mounted, unescaped */
	char *tags;  /* the optional fields: "shared:N master:M ..." */
};

/* Split line (modified in place); false when it is not a mountinfo line. */
bool mountinfo_parse(char *line, struct mount_line *m);

/* "MAJ:MIN" in base 10 (mountinfo) or 16 (maps), ending at a blank or the end. */
bool mountinfo_dev(const char *s, int base, dev_t *dev);

/* tags holds KIND:N ("shared", "master"). */
bool mountinfo_tag(const char *tags, const char *kind, unsigned n);

/* N of "shared:N" in tags; 0 when the mount is not shared. */
unsigned mountinfo_shared(const char *tags);

#endif
