#!/bin/bash
# SPDX-License-Identifier: MIT
# HA-LVM with the real tools, on one simulated node: a volume group on a loop
# device, owned through LVM's system ID, as cluster-conf's LVM-activate
# resource (vg_access_mode=system_id) expects it.
#  - `scalix-ha check` reads the real vgs: the VG's owner, its boot-time
#    auto-activation, and the fix when it is on;
#  - the real ocf:heartbeat:LVM-activate: validate-all, monitor of the
#    inactive VG (7), and, run as node B, start takes the VG over (its
#    system ID becomes nodeb); with device-mapper in the kernel, start,
#    monitor (0), stop, monitor (7) activate and deactivate it.
# LVM and loop devices are host-global: a unique VG name, a filter that sees
# only our loop device, LVM's own files in the sandbox's /etc and /run, and a
# trap that deactivates, removes and detaches, also on failure.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
for t in losetup pvcreate vgcreate lvcreate vgs vgchange vgremove unshare; do
	command -v "$t" >/dev/null || sbx_fatal "no $t (package lvm2, util-linux)"
done
agent=/usr/lib/ocf/resource.d/heartbeat/LVM-activate
[ -x "$agent" ] || sbx_fatal "no $agent (package resource-agents)"
sbx_setup
sbx_registry mail1
# shellcheck disable=SC2119 # the binary only
sbx_install_helper

# Unique on the host (our PID is 1 in the sandbox).
vg=sxtest$RANDOM$RANDOM
disk=$SBX_SCRATCH/disk
loop=
lvm_cleanup() {
	local rc=$?
	if [ -n "$loop" ]; then
		vgchange -an "$vg" >/dev/null 2>&1
		vgremove -ff "$vg" >/dev/null 2>&1
		losetup -d "$loop" 2>/dev/null
	fi
	exit "$rc"
}
trap 'lvm_cleanup; sbx_cleanup' EXIT
truncate -s 64M "$disk"
loop=$(losetup -f --show "$disk") || sbx_fatal "no loop device"
# /etc and /run are the sandbox's: LVM's configuration, locks and caches too.
mkdir -p /etc/lvm
cat >/etc/lvm/lvm.conf <<EOF
devices {
	filter = [ "a|^$loop\$|", "r|.*|" ]
	global_filter = [ "a|^$loop\$|", "r|.*|" ]
	obtain_device_list_from_udev = 0
	use_devicesfile = 0
}
global {
	system_id_source = "uname"
}
activation {
	udev_sync = 0
	udev_rules = 0
	monitoring = 0
}
backup {
	backup = 0
	archive = 0
}
EOF
rm -f /etc/lvm/lvmlocal.conf
on() { # NODE COMMAND...: as that node (its own host name, LVM's system ID)
	local node=$1
	shift
	# shellcheck disable=SC2016 # expanded by that sh
	unshare --uts -- sh -c 'hostname "$0" && exec "$@"' "$node" "$@"
}
dm=no
grep -qw device-mapper /proc/misc && dm=yes

# --- node A makes the volume group: it owns it ------------------------------
on nodea pvcreate -q "$loop" >/dev/null 2>&1 || sbx_fatal "pvcreate $loop failed"
on nodea vgcreate -q "$vg" "$loop" >/dev/null 2>&1 || sbx_fatal "vgcreate failed"
if [ "$dm" = yes ]; then
	on nodea lvcreate -q -an -Zn -L 32M -n lvmail1 "$vg" >/dev/null 2>&1
else
	# Without device-mapper LVM writes metadata only when told not to use it.
	on nodea lvcreate -q --driverloaded n -an -Zn -L 32M -n lvmail1 "$vg" >/dev/null 2>&1
fi || sbx_fatal "lvcreate failed"
sbx_expect_eq "$(vgs --noheadings --foreign -o vg_systemid "$vg" 2>/dev/null | tr -d ' ')" nodea \
	"vgcreate on nodea gives the VG nodea's system ID"

# --- check reads the real vgs -------------------------------------------------
sbx_settings 'CLUSTER_NODES="nodea nodeb"' MAIL1_NODE=nodea MAIL1_IP=192.168.100.21/24 \
	"MAIL1_DEVICE=/dev/$vg/lvmail1" VGS="$(command -v vgs)"
sbx_run on nodea /usr/sbin/scalix-ha check
grep -q "mail1: volume group $vg belongs to system ID nodea" "$SBX_OUT" ||
	{ sbx_fail "check does not read the VG's owner from vgs"; sbx_dump; }
grep -A1 "PROBLEM: mail1: volume group $vg may be activated at boot" "$SBX_OUT" |
	grep -q "fix: vgchange --setautoactivation n $vg" ||
	{ sbx_fail "check misses the VG's boot-time auto-activation"; sbx_dump; }
on nodea vgchange -q --setautoactivation n "$vg" >/dev/null 2>&1 ||
	sbx_fatal "vgchange --setautoactivation n failed"
sbx_run on nodea /usr/sbin/scalix-ha check
grep -q "mail1: volume group $vg is kept out of boot-time auto-activation" "$SBX_OUT" ||
	{ sbx_fail "check does not see vg_autoactivation off"; sbx_dump; }

# --- the real LVM-activate, as cluster-conf configures it --------------------
ra() { # NODE ACTION: the agent's exit code in SBX_RC, its output in SBX_OUT/ERR
	sbx_run on "$1" env OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=scalix-mail1-lvm \
		OCF_RESKEY_vgname="$vg" OCF_RESKEY_vg_access_mode=system_id "$agent" "$2"
}
ra nodea validate-all
sbx_expect_rc 0 "LVM-activate validate-all"
ra nodea monitor
sbx_expect_rc 7 "LVM-activate monitor of the inactive VG: not running"
# Node A is gone (fenced); node B's start takes the VG over.
ra nodeb start
rc=$SBX_RC
owner=$(vgs --noheadings --foreign -o vg_systemid "$vg" 2>/dev/null | tr -d ' ')
sbx_expect_eq "$owner" nodeb "LVM-activate start on nodeb takes the VG's system ID over"
SBX_RC=$rc
if [ "$dm" = yes ]; then
	sbx_expect_rc 0 "LVM-activate start on nodeb"
	ra nodeb monitor
	sbx_expect_rc 0 "LVM-activate monitor of the active VG"
	[ -e "/dev/$vg/lvmail1" ] || sbx_fail "no /dev/$vg/lvmail1 after start"
	ra nodeb stop
	sbx_expect_rc 0 "LVM-activate stop"
	ra nodeb monitor
	sbx_expect_rc 7 "LVM-activate monitor after stop"
else
	# This kernel has no device-mapper: no logical volume can be activated.
	sbx_expect_rc 1 "LVM-activate start without device-mapper fails"
	grep -q "device-mapper" "$SBX_OUT" "$SBX_ERR" ||
		{ sbx_fail "LVM-activate's failure does not name device-mapper"; sbx_dump; }
	sbx_log "note: the kernel has no device-mapper (/proc/misc): start, monitor" \
		"and stop of an active volume group were not run"
fi

sbx_done
