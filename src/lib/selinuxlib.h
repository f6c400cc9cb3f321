/* SPDX-License-Identifier: MIT */
/*
 * libselinux, loaded on first use (see dynlib.h): only the file writers
 * label what they create.  Linked, its constructor probes selinuxfs in
 * every run, which costs the short verbs (status, monitor) more than
 * their own work.
 */
#ifndef SCALIX_HA_SELINUXLIB_H
#define SCALIX_HA_SELINUXLIB_H

#include <selinux/label.h>
#include <selinux/selinux.h>

struct selinuxlib {
	__typeof__(is_selinux_enabled) *is_enabled;
	__typeof__(lgetfilecon_raw) *lgetfilecon_raw;
	__typeof__(selabel_open) *selabel_open;
	__typeof__(selabel_lookup_raw) *selabel_lookup_raw;
	__typeof__(selabel_close) *selabel_close;
	__typeof__(setfscreatecon_raw) *setfscreatecon_raw;
	__typeof__(freecon) *freecon;
};

/* The table, or NULL with *err set ("unable to load ...: why"). */
const struct selinuxlib *selinuxlib_get(const char **err);

#endif
