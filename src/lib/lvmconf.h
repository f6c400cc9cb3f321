/* SPDX-License-Identifier: MIT */
/*
 * Reading LVM's lvm.conf: only the few values check needs (system_id_source,
 * locking_type, volume_list, auto_activation_volume_list), not the whole
 * grammar.  The file is only read: values are never run or expanded.
 */
#ifndef SCALIX_HA_LVMCONF_H
#define SCALIX_HA_LVMCONF_H

#include <stdbool.h>

/*
 * The value of key in text: a "string", a word or number, or a [ list ]
 * (its quoted items joined by single spaces), malloc'd; NULL when key is not
 * set (or no memory).  Comments (#) are skipped; the first assignment
 * counts, whatever its section.
 */
char *lvmconf_get(const char *text, const char *key);

/* True when list (a [ list ] value from lvmconf_get) names volume group vg,
 * alone or as "vg/lv". */
bool lvmconf_lists_vg(const char *list, const char *vg);

#endif
