/* SPDX-License-Identifier: MIT */
/*
 * check: each instance's storage as the cluster needs it.  When its device
 * (<INSTANCE>_DEVICE) is a logical volume, the volume group must be owned
 * by one node at a time, for the stack configured here:
 *  - Pacemaker, HA-LVM with LVM-activate vg_access_mode=system_id (RHEL 7
 *    to 9): lvm.conf names a system_id_source, the VG has a system ID and is
 *    not clustered;
 *  - rgmanager (RHEL 6): the VG clustered with clvmd (locking_type 3), as
 *    the bulletin sets it up, or HA-LVM tagging (volume_list leaves it out);
 * and, with system_id, kept out of boot-time auto-activation.  ext3/ext4
 * get multiple-mount protection as advice.  lvm.conf is read under the
 * root; the VG's state comes from VGS (vgs, run as an argv, bounded).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "check_fencing.h"
#include "check_storage.h"
#include "checklist.h"
#include "clock.h"
#include "clusterconf.h"
#include "clusterkeys.h"
#include "log.h"
#include "lvmconf.h"
#include "settings_services.h"
#include "spawn.h"
#include "words.h"

struct vg_state {
	int known; /* 1: vgs answered; 0: vgs found no such VG; -1: no vgs */
	bool clustered;
	int autoactivation; /* 1 on, 0 off, -1 unknown (LVM before 2.03.12) */
	char systemid[128];
};

/* vgs's exit code and its stdout; -1 when it could not run.  Like the other
 * tools (CHKCONFIG), VGS is found under the root. */
static int run_vgs(struct app *a, const char *fields, const char *vg, char **out)
{
	char *vgs = app_path(a, a->cfg.vgs);
	char *argv[] = { vgs,
			 (char *)"--noheadings",
			 (char *)"--foreign",
			 (char *)"--separator",
			 (char *)"|",
			 (char *)"-o",
			 (char *)fields,
			 (char *)vg,
			 NULL };
	struct spawn_io io = { .in_fd = -1,
			       .out_fd = -1,
			       .capture = out,
			       .capture_max = 1 << 14,
			       .quiet = true };
	struct spawn_result res = { 0 };
	char **envp = app_command_env(a);
	int rc = -1;

	*out = NULL;
	if (vgs && envp)
		rc = spawn_run_io(argv, envp, now_ms() + a->cfg.status_timeout_ms, &res,
				  &io);
	words_free(envp);
	free(vgs);
	if (rc < 0 || res.exec_errno || res.timed_out)
		return -1;
	return spawn_exit_code(&res);
}

/* Field i of "a|b|c" (blanks around it dropped) into buf. */
static void field(const char *line, int i, char *buf, size_t len)
{
	const char *p = line, *end;

	while (i-- > 0 && p)
		p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL;
	buf[0] = '\0';
	if (!p)
		return;
	p += strspn(p, " \t");
	end = p + strcspn(p, "|\n");
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	snprintf(buf, len, "%.*s", (int)(end - p), p);
}

/* The '|' on the first line. */
static int seps(const char *s)
{
	int n = 0;

	for (; *s && *s != '\n'; s++)
		n += *s == '|';
	return n;
}

static void vg_query(struct app *a, const char *vg, struct vg_state *st)
{
	char *out = NULL, word[64];
	int rc;

	memset(st, 0, sizeof *st);
	st->autoactivation = -1;
	rc = run_vgs(a, "vg_name,vg_systemid,vg_clustered,vg_autoactivation", vg, &out);
	if (rc > 0) { /* an LVM without vg_autoactivation, or no such VG */
		free(out);
		rc = run_vgs(a, "vg_name,vg_systemid,vg_clustered", vg, &out);
	}
	st->known = rc < 0 ? -1 : rc > 0 || !out || !*out ? 0 : 1;
	if (st->known == 1) {
		field(out, 1, st->systemid, sizeof st->systemid);
		field(out, 2, word, sizeof word);
		st->clustered = *word && strcmp(word, "0") != 0;
		/* A fourth field: the LVM knows vg_autoactivation. */
		if (strcspn(out, "\n") > 0 && seps(out) >= 3) {
			field(out, 3, word, sizeof word);
			st->autoactivation = *word && strcmp(word, "0") != 0;
		}
	}
	free(out);
}

/* Pacemaker: HA-LVM with system_id, out of auto-activation. */
static void vg_system_id(struct checklist *c, const char *conf, const char *name,
			 const char *vg, const struct vg_state *st)
{
	char *source = conf ? lvmconf_get(conf, "system_id_source") : NULL;
	char *aal = conf ? lvmconf_get(conf, "auto_activation_volume_list") : NULL;
	char fix[768];

	if (!source || strcmp(source, "none") == 0)
		check_report(c,
			     "set system_id_source = \"uname\" in the global section of "
			     "/etc/lvm/lvm.conf on every node",
			     "lvm.conf has no system_id_source: HA-LVM (LVM-activate "
			     "vg_access_mode=system_id) cannot tell the nodes apart");
	else
		check_report(c, NULL, "lvm.conf: system_id_source = %s", source);
	if (st->known == 1 && st->clustered) {
		snprintf(fix, sizeof fix,
			 "vgchange -cn %s (RHEL 7), vgchange --lock-type none %s (RHEL 8 "
			 "and later), then vgchange --systemid $(uname -n) %s",
			 vg, vg, vg);
		check_report(c, fix,
			     "%s: volume group %s is clustered; HA-LVM with system_id "
			     "wants it owned by one node",
			     name, vg);
	} else if (st->known == 1 && !*st->systemid) {
		snprintf(fix, sizeof fix,
			 "vgchange --systemid $(uname -n) %s, on the node that runs %s",
			 vg, name);
		check_report(c, fix,
			     "%s: volume group %s has no system ID: every node may "
			     "activate it",
			     name, vg);
	} else if (st->known == 1) {
		check_report(c, NULL, "%s: volume group %s belongs to system ID %s", name,
			     vg, st->systemid);
	}
	if (st->autoactivation == 0 || (aal && !lvmconf_lists_vg(aal, vg))) {
		check_report(c, NULL,
			     "%s: volume group %s is kept out of boot-time "
			     "auto-activation",
			     name, vg);
	} else {
		snprintf(fix, sizeof fix,
			 "vgchange --setautoactivation n %s (LVM 2.03.12 and later), or "
			 "auto_activation_volume_list in /etc/lvm/lvm.conf listing only "
			 "the local volume groups; then dracut -f",
			 vg);
		check_report(c, fix,
			     "%s: volume group %s may be activated at boot, on two "
			     "nodes at once",
			     name, vg);
	}
	free(source);
	free(aal);
}

/* rgmanager: clustered with clvmd (the bulletin), or HA-LVM tagging. */
static void vg_rgmanager(struct checklist *c, const char *conf, const char *name,
			 const char *vg, const struct vg_state *st)
{
	char *locking = conf ? lvmconf_get(conf, "locking_type") : NULL;
	char *vl = conf ? lvmconf_get(conf, "volume_list") : NULL;
	bool clvmd = locking && strcmp(locking, "3") == 0;
	bool tagging = vl && !lvmconf_lists_vg(vl, vg);
	char fix[768];

	if (st->known == 1 && st->clustered && !clvmd)
		check_report(
			c,
			"lvmconf --enable-cluster; service clvmd start; chkconfig clvmd "
			"on",
			"%s: volume group %s is clustered but lvm.conf has locking_type "
			"%s, "
			"not 3 (clvmd)",
			name, vg, locking ? locking : "unset");
	else if ((st->known == 1 && st->clustered) || (st->known != 1 && clvmd))
		check_report(c, NULL, "%s: volume group %s is clustered, with clvmd",
			     name, vg);
	else if (tagging)
		check_report(c, NULL,
			     "%s: volume group %s left to rgmanager by volume_list "
			     "(HA-LVM)",
			     name, vg);
	else {
		snprintf(fix, sizeof fix,
			 "lvmconf --enable-cluster; service clvmd start; vgchange -cy %s "
			 "(or HA-LVM: volume_list = [ \"LOCAL_VG\", \"@NODE\" ] in "
			 "/etc/lvm/lvm.conf, then dracut -H -f)",
			 vg);
		check_report(
			c, fix,
			"%s: volume group %s is neither clustered (clvmd) nor "
			"kept out of volume_list (HA-LVM): two nodes may activate it",
			name, vg);
	}
	free(locking);
	free(vl);
}

/* Multiple-mount protection: advice, not a problem. */
static void mmp_advice(const char *name, const char *dev, const char *fstype)
{
	char key[KV_KEY_MAX];

	subservice_key(name, key, sizeof key);
	if (strcmp(fstype, "ext4") == 0)
		printf("advice:  %s: tune2fs -O mmp %s (unmounted) makes ext4 refuse a "
		       "second mount while another node has it\n",
		       name, dev);
	else if (strcmp(fstype, "ext3") == 0)
		printf("advice:  %s: ext3 has no multiple-mount protection; with "
		       "%s_FSTYPE=ext4 (ext4 mounts it), tune2fs -O mmp %s adds it\n",
		       name, key, dev);
}

void check_storage(struct app *a, struct checklist *c)
{
	enum cluster_stack stack = cluster_stack_of(a);
	char *path = app_path(a, "/etc/lvm/lvm.conf"), *conf;
	size_t len, i;

	conf = path ? file_read(path, &len) : NULL;
	for (i = 0; i < a->reg.ninst; i++) {
		const char *name = a->reg.inst[i].name;
		const char *dev = clusterkeys_get(&a->cfg, name, "DEVICE");
		const char *fstype = clusterkeys_get(&a->cfg, name, "FSTYPE");
		struct vg_state st;
		char vg[128];

		if (!dev || !*dev)
			continue;
		mmp_advice(name, dev, fstype && *fstype ? fstype : "ext3");
		if (!cc_device_vg(dev, vg, sizeof vg)) {
			check_report(
				c, NULL,
				"%s: %s is no logical volume: no volume group to check",
				name, dev);
			continue;
		}
		vg_query(a, vg, &st);
		if (st.known == -1)
			check_report(c, NULL,
				     "%s: %s cannot run: the state of volume group %s is "
				     "not checked",
				     name, a->cfg.vgs, vg);
		else if (st.known == 0)
			check_report(
				c,
				"pvscan --cache; vgs --foreign VG (is the shared disk "
				"visible on this node?)",
				"%s: vgs finds no volume group %s", name, vg);
		if (!conf)
			check_report(c, NULL,
				     "%s: %s cannot be read: lvm.conf not checked", name,
				     path ? path : "lvm.conf");
		if (stack == STACK_RGMANAGER)
			vg_rgmanager(c, conf, name, vg, &st);
		else
			vg_system_id(c, conf, name, vg, &st);
	}
	free(conf);
	free(path);
}
