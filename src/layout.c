/* SPDX-License-Identifier: MIT */
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>

#include "mountguard.h"
#include "storage.h"

struct tmpl_vars layout_vars(const struct instance *inst)
{
	return (struct tmpl_vars){ inst->name, inst->az, inst->datadir };
}

char *layout_path(const char *root, const char *tmpl, const struct instance *inst)
{
	struct tmpl_vars v = layout_vars(inst);

	return tmpl_path(root, tmpl, &v);
}

char *layout_dir(const char *root, const struct settings *cfg,
		 const struct instance *inst)
{
	return layout_path(root, cfg->instance_dir, inst);
}

char *layout_server_xml(const char *root, const struct settings *cfg,
			const struct instance *inst)
{
	char *base = layout_path(root, cfg->tomcat_base, inst), *path;

	if (!base || asprintf(&path, "%s/conf/server.xml", base) < 0)
		path = NULL;
	free(base);
	return path;
}

char *layout_init_name(const char *root, const struct settings *cfg,
		       const struct instance *inst)
{
	char *abs, *path;

	if (asprintf(&abs, "%s/scalix-ha-%s", cfg->initd_dir, inst->name) < 0)
		return NULL;
	path = path_in_root(root, abs);
	free(abs);
	return path;
}

char *layout_read_server_xml(const char *root, const struct settings *cfg,
			     const struct instance *inst, char **path, char **mount,
			     size_t *len, char *why, size_t whylen)
{
	*path = layout_server_xml(root, cfg, inst);
	*mount = layout_dir(root, cfg, inst);
	if (!*path || !*mount) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	/* Tomcat's user owns it and every directory up to the mount point. */
	return storage_read_path(*mount, *path, STORAGE_SERVERXML_MAX, false, len, why,
				 whylen);
}

bool layout_mounted(const char *root, const struct settings *cfg,
		    const struct instance *inst)
{
	char *dir = layout_dir(root, cfg, inst);
	bool m = dir && is_mount_point(dir);

	free(dir);
	return m;
}
