/* SPDX-License-Identifier: MIT */
/*
 * cluster-conf: the cluster manager's configuration of the instances (each
 * with its volume group, file system, address and the instance itself, on
 * its preferred node), as rgmanager's <rm> section, a Pacemaker CIB
 * <configuration> fragment or pcs commands.
 */
#ifndef SCALIX_HA_CLUSTERCONF_H
#define SCALIX_HA_CLUSTERCONF_H

#include <popt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app.h"
#include "settings.h"

enum cc_format { CC_RGMANAGER, CC_CIB, CC_PCS };

/* One instance's service: what its configuration says; all but vg required. */
struct cc_service {
	const char *instance;
	const char *node;	/* the preferred node */
	const char *mountpoint; /* INSTANCE_DIR, expanded */
	const char *script;	/* INITD_DIR/scalix-ha-INSTANCE (rgmanager) */
	const char *addr;	/* the service address, no prefix */
	int prefix;		/* its prefix length, or -1 */
	const char *device;
	const char *fstype;
	const char *vg; /* the volume group when device is a logical volume */
};

/* The whole configuration: the services, the nodes, the timeouts. */
struct cc_params {
	const struct cc_service *svc;
	size_t nsvc;
	char *const *nodes; /* CLUSTER_NODES, NULL-terminated */
	/* Operation timeouts in seconds, from the helper's own bounds. */
	unsigned start_s, stop_s, monitor_s, deep_monitor_s;
};

/* A location preference below the stickiness: a recovered node does not
 * pull its instance back (Pacemaker). */
#define CC_PREFER_SCORE 100
#define CC_STICKINESS 200

/* "rgmanager", "cib", "pcs": 0, else -1. */
int cc_format_parse(const char *word, enum cc_format *f);

/*
 * ADDR or ADDR/PREFIX, IPv4 or IPv6 (inet_pton).  The address goes to addr
 * (at least INET6_ADDRSTRLEN bytes), the prefix to *prefix (-1: none).
 */
bool cc_ip_parse(const char *arg, char *addr, size_t addrlen, int *prefix);

/* An absolute path without control characters. */
bool cc_device_valid(const char *dev);

/*
 * The volume group of /dev/VG/LV (the path LVM gives a logical volume), into
 * vg; false for any other device (a partition, /dev/mapper, /dev/disk/...).
 */
bool cc_device_vg(const char *dev, char *vg, size_t vglen);

/* A file system type word (ext3, xfs, gfs2, ...). */
bool cc_fstype_valid(const char *fstype);

/* Timeouts that outlast the helper's bounds under settings s. */
void cc_timeouts(const struct settings *s, struct cc_params *p);

/* Write the configuration; 0, or -1 (no memory, write error). */
int cc_write(FILE *out, enum cc_format f, const struct cc_params *p);

/* The writers, one a file (clusterconf_FORMAT.c); cc_write picks one. */
int cc_write_rgmanager(FILE *out, const struct cc_params *p);
int cc_write_cib(FILE *out, const struct cc_params *p);
int cc_write_pcs(FILE *out, const struct cc_params *p);

/* The verb's options (included in main's table) and the verb. */
extern struct poptOption clusterconf_options[];
extern const struct verb clusterconf_verbs[];

#endif
