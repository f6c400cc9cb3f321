/* SPDX-License-Identifier: MIT */
/*
 * The storage walk: the one way to reach a file on an instance's storage.
 * Everything below the mount point belongs to the instance's service users
 * (tomcat/ to Tomcat's, postgres/ to PostgreSQL's), who may swap any
 * directory for a symbolic link at any moment.  So a path there is opened
 * from the mount point one component at a time without following a symbolic
 * link anywhere, and every later read, write, rename and unlink is made
 * relative to the directory descriptor the walk produced: a swap after the
 * walk changes nothing.
 */
#ifndef SCALIX_HA_STORAGE_H
#define SCALIX_HA_STORAGE_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes read of a pid file: the PID is on its first line. */
#define STORAGE_PIDFILE_MAX 64
/* The largest server.xml read (Tomcat's own is about 7 KiB). */
#define STORAGE_SERVERXML_MAX (1u << 20)

struct storage_file {
	int dirfd;  /* the directory that holds the file */
	char *path; /* the whole path, for messages */
	char *name; /* its last component, relative to dirfd */
};

/*
 * Reach the directory of path.  A path below mount is walked from mount;
 * any other path is root's (RUN_DIR, a pid file configured elsewhere) and
 * its directory is opened as given.  0, or -1 with errno and why (a
 * sentence that names the component refused).
 */
int storage_reach(struct storage_file *f, const char *mount, const char *path, char *why,
		  size_t whylen);

void storage_release(struct storage_file *f);

/*
 * f's contents: not through a symbolic link, non-blocking, a regular file
 * of at most max bytes (with prefix, only its first max bytes are read).
 * malloc'd and NUL-ended, or NULL with errno (ENOENT: absent) and why.
 */
char *storage_read(const struct storage_file *f, size_t max, bool prefix, size_t *len,
		   char *why, size_t whylen);

/* Walk, then read: NULL with errno and why on either. */
char *storage_read_path(const char *mount, const char *path, size_t max, bool prefix,
			size_t *len, char *why, size_t whylen);

/* unlinkat in f's directory; never follows anything.  0 or -1 with errno. */
int storage_unlink(const struct storage_file *f);

#endif
