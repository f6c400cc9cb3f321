/* SPDX-License-Identifier: MIT */
/*
 * Where one instance lives on this node: its template variables (%i, %a,
 * %d) and the paths the settings' templates make of them, inside --root
 * (root NULL: the real root, or the paths as the cluster manager sees them).
 * The engine, the planners, check and cluster-conf all build them here.
 */
#ifndef SCALIX_HA_LAYOUT_H
#define SCALIX_HA_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "pathtmpl.h"
#include "registry.h"
#include "settings.h"

/* inst's template variables; they point into inst. */
struct tmpl_vars layout_vars(const struct instance *inst);

/* tmpl expanded for inst inside root; malloc'd, NULL on error. */
char *layout_path(const char *root, const char *tmpl, const struct instance *inst);

/* inst's mount point (INSTANCE_DIR); malloc'd, NULL on error. */
char *layout_dir(const char *root, const struct settings *cfg,
		 const struct instance *inst);

/* inst's Tomcat server.xml (TOMCAT_BASE/conf/server.xml); malloc'd. */
char *layout_server_xml(const char *root, const struct settings *cfg,
			const struct instance *inst);

/* inst's init name, INITD_DIR/scalix-ha-NAME: what rgmanager and lsb: run. */
char *layout_init_name(const char *root, const struct settings *cfg,
		       const struct instance *inst);

/*
 * inst's server.xml, read through the storage walk (storage.h): malloc'd, or
 * NULL with why.  *path and *mount (the mount point the walk starts from)
 * are malloc'd either way (NULL when out of memory).
 */
char *layout_read_server_xml(const char *root, const struct settings *cfg,
			     const struct instance *inst, char **path, char **mount,
			     size_t *len, char *why, size_t whylen);

/* inst's storage is mounted on this node. */
bool layout_mounted(const char *root, const struct settings *cfg,
		    const struct instance *inst);

#endif
