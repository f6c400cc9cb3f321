/* SPDX-License-Identifier: MIT */
/* jk/workers.conf: the one line that lists the mod_jk workers. */
#ifndef SCALIX_HA_WORKERS_H
#define SCALIX_HA_WORKERS_H

#include <stddef.h>

/*
 * buf with "JkWorkerProperty worker.list=" set to list (comma-separated, as
 * mod_jk reads it); every other line and byte kept, the line added at the end
 * when missing.  malloc'd; NULL on no memory.
 */
char *workers_set_list(const char *buf, size_t len, const char *list, size_t *outlen);

/* The current list, malloc'd; NULL when no such line. */
char *workers_get_list(const char *buf, size_t len);

/*
 * Why buf cannot be read or edited as workers.conf, with *line (1-based)
 * where: a control character (plaintext.h).  NULL when it can.
 */
const char *workers_refuse(const char *buf, size_t len, size_t *line);

#endif
