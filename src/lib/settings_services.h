/* SPDX-License-Identifier: MIT */
/*
 * Inside the settings: the sub-services (SERVICES and each S_* key) and the
 * known ones' defaults.  For settings.c, settings_keys.c and the tests.
 */
#ifndef SCALIX_HA_SETTINGS_SERVICES_H
#define SCALIX_HA_SETTINGS_SERVICES_H

#include "settings.h"

/* The key prefix of a sub-service name: "scalix-tomcat" gives "SCALIX_TOMCAT". */
void subservice_key(const char *name, char *out, size_t outlen);

/* The default SERVICES, in start order. */
#define DEFAULT_SERVICES "scalix-postgres scalix scalix-tomcat"

/* Set the sub-services to names, each with its known defaults; -1: ENOMEM. */
int services_set(struct settings *s, char **names);
void services_clear(struct settings *s);

/* The SERVICES value checked and applied; NULL or the reason it is wrong. */
const char *services_apply(struct settings *s, const char *v);

/* After the file: every command not set is "<script> <verb> %i". */
int services_finish(struct settings *s);

/* The package names of the known sub-services (PKG_* keys); -1: ENOMEM. */
int services_default_packages(struct settings *s);

/* The field of a PKG_* key, or NULL when key is none. */
char **services_package_field(struct settings *s, const char *key);

/* The sub-service whose S_ prefix and a known suffix make up key exactly. */
struct subservice_cfg *services_for_key(struct settings *s, const char *key,
					const char **suffix);

#endif
