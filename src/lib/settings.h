/* SPDX-License-Identifier: MIT */
/* /etc/sysconfig/scalix-ha: defaults, parsing and validation. */
#ifndef SCALIX_HA_SETTINGS_H
#define SCALIX_HA_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_SUBSERVICES 8
#define SUBSERVICE_NAME_MAX 32

/* One sub-service (scalix-postgres, scalix, scalix-tomcat). */
struct subservice_cfg {
	char name[SUBSERVICE_NAME_MAX];
	char *script;	   /* S_SCRIPT */
	char *pidfile;	   /* S_PIDFILE template, NULL when unset */
	char *stop_pidenv; /* S_STOP_PIDENV: variable naming the verified pid file */
	char **argv[3];	   /* S_START, S_STOP, S_STATUS word templates */
	char *ready;	   /* S_READY: how it shows it serves (readiness.h); NULL: none */
};

enum ss_verb { SS_START, SS_STOP, SS_STATUS };

struct settings {
	int64_t start_timeout_ms, stop_timeout_ms, status_timeout_ms;
	int64_t kill_grace_ms;
	struct subservice_cfg svc[MAX_SUBSERVICES];
	size_t nsvc;
	char *registry;
	char *instance_dir; /* template */
	char *subsys_dir;
	char *run_dir;
	char *child_path;
	char **child_env; /* NAME=value words */
	/* Configuration steps (setup). */
	unsigned shutdown_port_base;
	char *admin_instance;
	char *tomcat_base; /* template: CATALINA_BASE of an instance */
	char *connector_dir;
	char *web_client_conf;
	char *initd_dir;
	char *helper;
	char *state_dir;
	char *vendor_bin; /* /opt/scalix-tomcat/bin */
	char **boot_services;
	char *chkconfig, *systemctl;
	/* Package awareness. */
	char *pkg[MAX_SUBSERVICES]; /* the known sub-services' (PKG_SERVER, ...) */
	size_t npkg;
	char *pkg_self;
	char *rpm_dbpath;
	char **check_ports; /* OCF_CHECK_LEVEL 10: TCP ports on OMHOSTNAME */
	/* The cluster's layout (cluster-conf, check): clusterkeys.h. */
	char **cluster_nodes;		    /* CLUSTER_NODES */
	char *vgs;			    /* VGS: lvm's vgs, for check */
	struct instance_key *instance_keys; /* <INSTANCE>_NODE, _IP, ... */
	size_t ninstance_keys;
};

/* Fill s with the built-in defaults. */
int settings_defaults(struct settings *s);

/*
 * Defaults, then the file at path (absent is fine).  On a syntax or value
 * error: logs "file:line: what" and returns -1.
 */
int settings_load(struct settings *s, const char *path);

/* Parse a buffer (for tests and fuzzing); errors go to *err (malloc'd). */
int settings_parse(struct settings *s, const char *path, const char *buf, size_t len,
		   char **err);

void settings_free(struct settings *s);

/* Set one KEY as the file would (OCF parameters); -1 and *err on error. */
int settings_override(struct settings *s, const char *key, const char *value, char **err);

#endif
