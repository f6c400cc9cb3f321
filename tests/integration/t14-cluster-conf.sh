#!/bin/bash
# SPDX-License-Identifier: MIT
# cluster-conf: the whole cluster from the settings (CLUSTER_NODES and the
# <INSTANCE>_NODE/_IP/_DEVICE/_FSTYPE keys); the rgmanager <rm> section well
# formed, every element and attribute one rgmanager's agents declare
# (tests/cluster/rgmanager-attrs.txt), failover domains and resource order as
# rgmanager needs them; one instance from options; values escaped and
# quoted; bad arguments and settings refused.  The Pacemaker forms are proven
# with Pacemaker's tools in t14-cluster-conf-pcmk.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
# shellcheck disable=SC2119 # the binary only, no per-instance names
sbx_install_helper

out=$SBX_SCRATCH/conf.xml
attrs=$SBX_TOP/tests/cluster/rgmanager-attrs.txt
# A device path needing XML escaping and shell quoting.
dev="/dev/disk/by-id/scsi-3600&<\"'x>"
xp() { xmllint --xpath "$1" "$out" 2>/dev/null; }
bulletin() {
	sbx_settings 'CLUSTER_NODES="nodea nodeb"' \
		MAIL1_NODE=nodea MAIL1_IP=192.168.100.21/24 MAIL1_DEVICE=/dev/vgmail1/lvmail1 \
		MAIL2_NODE=nodeb MAIL2_IP=192.168.100.22/24 MAIL2_DEVICE=/dev/vgmail2/lvmail2 \
		"$@"
}

# --- rgmanager, the whole cluster ------------------------------------------
bulletin MAIL2_FSTYPE=ext4
sbx_run sbx_ha cluster-conf
sbx_expect_rc 0 "cluster-conf (rgmanager, the default; every registered instance)"
cp "$SBX_OUT" "$out"
xmllint --noout "$out" 2>&1 || sbx_fail "rgmanager output is not well-formed XML"
grep -q 'Fencing: every <clusternode> needs a <fence> method' "$out" ||
	sbx_fail "rgmanager: the output does not say where fencing goes"
sbx_expect_eq "$(xp 'name(/*)')" rm "rgmanager: the root element"
# Every element and attribute is one rgmanager declares.
while read -r el at; do
	if [ -n "$at" ]; then
		grep -qxF "$el $at" "$attrs" || grep -qxF "* $at" "$attrs" ||
			sbx_fail "rgmanager: <$el $at=...> is not in rgmanager's meta-data ($attrs)"
	else
		grep -q "^$el\( \|\$\)" "$attrs" || sbx_fail "rgmanager: <$el> is not an element rgmanager knows"
	fi
done < <(xsltproc "$SBX_TOP/tests/cluster/rgmanager-attrs.xsl" "$out" | sort -u)
# The check has teeth: an attribute rgmanager does not know is caught.
sed 's/force_unmount=/force_umount=/' "$out" >"$out.bad"
if ! xsltproc "$SBX_TOP/tests/cluster/rgmanager-attrs.xsl" "$out.bad" | grep -qxF 'fs force_umount' ||
	grep -qxF 'fs force_umount' "$attrs"; then
	sbx_fail "rgmanager: the attribute check cannot fail"
fi

dom='/rm/failoverdomains/failoverdomain'
sbx_expect_eq "$(xp "count($dom)")" 2 "rgmanager: a failover domain an instance"
sbx_expect_eq "$(xp "concat(${dom}[@name='scalix-mail1']/@ordered, ${dom}[@name='scalix-mail1']/@restricted, ${dom}[@name='scalix-mail1']/@nofailback)")" \
	111 "rgmanager: ordered, restricted, nofailback"
sbx_expect_eq "$(xp "concat(${dom}[@name='scalix-mail1']/failoverdomainnode[1]/@name, ' ', ${dom}[@name='scalix-mail1']/failoverdomainnode[2]/@name)")" \
	"nodea nodeb" "rgmanager: mail1 prefers nodea"
sbx_expect_eq "$(xp "concat(${dom}[@name='scalix-mail2']/failoverdomainnode[1]/@name, ':', ${dom}[@name='scalix-mail2']/failoverdomainnode[1]/@priority, ' ', ${dom}[@name='scalix-mail2']/failoverdomainnode[2]/@name, ':', ${dom}[@name='scalix-mail2']/failoverdomainnode[2]/@priority)")" \
	"nodeb:1 nodea:2" "rgmanager: mail2 prefers nodeb"
s1='/rm/service[@name="mail1"]'
sbx_expect_eq "$(xp "string($s1/@domain)")" scalix-mail1 "rgmanager: mail1 in its domain"
sbx_expect_eq "$(for i in 1 2 3 4; do xp "name($s1/*[$i])"; done | tr '\n' ' ')" \
	"lvm fs ip script " "rgmanager: HA-LVM, file system, address, script (service.sh's start order)"
sbx_expect_eq "$(xp "string($s1/lvm/@vg_name)")" vgmail1 "rgmanager: the volume group of /dev/vgmail1/lvmail1"
sbx_expect_eq "$(xp "string($s1/fs/@device)")" /dev/vgmail1/lvmail1 "rgmanager: fs device"
sbx_expect_eq "$(xp "string($s1/fs/@mountpoint)")" /var/opt/scalix/m1 "rgmanager: fs mountpoint"
sbx_expect_eq "$(xp "string($s1/fs/@fstype)")" ext3 "rgmanager: fs type (default)"
sbx_expect_eq "$(xp 'string(/rm/service[@name="mail2"]/fs/@fstype)')" ext4 "rgmanager: MAIL2_FSTYPE"
sbx_expect_eq "$(xp "string($s1/fs/@force_unmount)")" 1 "rgmanager: force_unmount"
sbx_expect_eq "$(xp "string($s1/ip/@address)")" 192.168.100.21/24 "rgmanager: ip address"
sbx_expect_eq "$(xp "string($s1/script/@file)")" /etc/rc.d/init.d/scalix-ha-mail1 "rgmanager: script file"
sbx_expect_eq "$(xp "string($s1/script/@__enforce_timeouts)")" 1 "rgmanager: __enforce_timeouts"
stop=$(xp "string($s1/script/action[@name='stop']/@timeout)")
# The helper's bound under the sandbox settings (STOP_TIMEOUT=2, KILL_GRACE=1,
# 3 sub-services): 2 + 3 x 2 + 1 + 1 = 10 s; the timeout must outlast it.
if [ -z "$stop" ] || [ "$stop" -le 10 ] || [ "$stop" -gt 60 ]; then
	sbx_fail "rgmanager: stop timeout '$stop' does not bound the helper's 10 s"
fi

# Named instances only; a device that is not a logical volume: no <lvm>.
bulletin MAIL2_DEVICE=/dev/mapper/mpathb 'CLUSTER_NODES="nodeb nodea nodec"'
sbx_run sbx_ha cluster-conf mail2
sbx_expect_rc 0 "cluster-conf mail2"
cp "$SBX_OUT" "$out"
sbx_expect_eq "$(xp 'count(/rm/service)') $(xp 'string(/rm/service/@name)')" "1 mail2" "rgmanager: the instance named only"
sbx_expect_eq "$(xp 'count(//lvm)')" 0 "rgmanager: no <lvm> for a multipath device"
sbx_expect_eq "$(xp 'string(//failoverdomain/failoverdomainnode[3]/@name)')" nodec "rgmanager: every cluster node in the domain"

# --- one instance from options, as before; escaping and quoting -----------
sbx_settings 'CLUSTER_NODES="nodea nodeb"' 'INSTANCE_DIR=/srv/scalix/%i'
sbx_run sbx_ha cluster-conf mail2 --node nodeb --ip fe80::1 --device /dev/sdc1 --fstype xfs
sbx_expect_rc 0 "cluster-conf with options and INSTANCE_DIR=/srv/scalix/%i"
cp "$SBX_OUT" "$out"
sbx_expect_eq "$(xp 'string(//fs/@mountpoint)')" /srv/scalix/mail2 "rgmanager: mountpoint from INSTANCE_DIR"
sbx_expect_eq "$(xp 'string(//fs/@fstype)')" xfs "rgmanager: --fstype"
sbx_expect_eq "$(xp 'string(//ip/@address)')" fe80::1 "rgmanager: IPv6 address"
sbx_expect_eq "$(xp 'string(//failoverdomainnode[1]/@name)')" nodeb "rgmanager: --node"

sbx_settings 'CLUSTER_NODES="nodea nodeb"'
sbx_run sbx_ha cluster-conf --format=cib mail1 --node nodea --ip 192.0.2.10/24 --device "$dev"
sbx_expect_rc 0 "cluster-conf --format=cib with options"
cp "$SBX_OUT" "$out"
xmllint --noout "$out" 2>&1 || sbx_fail "cib output is not well-formed XML"
sbx_expect_eq "$(xp 'string(//primitive[@type="Filesystem"]//nvpair[@name="device"]/@value)')" "$dev" "cib: device escaped and read back"
sbx_expect_eq "$(xp 'count(//primitive[@type="LVM-activate"])')" 0 "cib: no LVM-activate for a device that is no logical volume"
sbx_expect_eq "$(xp 'count(//op[not(@timeout)])')" 0 "cib: every op has a timeout"
sbx_run sbx_ha cluster-conf --format=pcs mail1 --node nodea --ip 192.0.2.10/24 --device "$dev"
sbx_expect_rc 0 "cluster-conf --format=pcs with options"
# A shell reads the line back into words (what pcs would get).
line=$(grep -- '-fs ocf:heartbeat:Filesystem' "$SBX_OUT")
eval "fs=($line)"
# shellcheck disable=SC2154 # set by eval
sbx_expect_eq "${fs[5]}" "device=$dev" "pcs: device quoted and read back"

# --- refused --------------------------------------------------------------
bad() { # RC WHAT ARGS...
	local rc=$1 what=$2
	shift 2
	sbx_run sbx_ha cluster-conf "$@"
	sbx_expect_rc "$rc" "$what"
	[ -s "$SBX_OUT" ] && sbx_fail "$what: printed a configuration"
}
o="--node nodea"
sbx_settings 'CLUSTER_NODES="nodea nodeb"'
# shellcheck disable=SC2086 # $o: two words
{
bad 2 "an address that is not one" mail1 $o --ip 192.0.2.300 --device /dev/sdb1
bad 2 "a host name for --ip" mail1 $o --ip mail1.scalixdemo.com --device /dev/sdb1
bad 2 "a prefix too long" mail1 $o --ip 192.0.2.10/33 --device /dev/sdb1
bad 2 "a relative device" mail1 $o --ip 192.0.2.10 --device sdb1
bad 6 "no --device" mail1 $o --ip 192.0.2.10
sbx_expect_stderr_has "MAIL1_DEVICE" "a missing device names its settings key"
bad 6 "no --ip" mail1 $o --device /dev/sdb1
bad 6 "no --node" mail1 --ip 192.0.2.10 --device /dev/sdb1
bad 6 "a node not in the cluster" mail1 --node nodex --ip 192.0.2.10 --device /dev/sdb1
bad 2 "an unknown format" --format=xml mail1 $o --ip 192.0.2.10 --device /dev/sdb1
bad 2 "a file system type with a shell operator" mail1 $o --ip 192.0.2.10 --device /dev/sdb1 --fstype 'ext3;x'
bad 2 "options with no instance named" $o --ip 192.0.2.10 --device /dev/sdb1
bad 2 "options with two instances" mail1 mail2 $o --ip 192.0.2.10 --device /dev/sdb1
bad 2 "an instance named twice" mail1 mail1
bad 2 "an invalid instance name" ../x $o --ip 192.0.2.10 --device /dev/sdb1
bad 6 "an unregistered instance" mail9 $o --ip 192.0.2.10 --device /dev/sdb1
sbx_expect_stderr_has "not registered" "an unregistered instance says why"
bad 2 "--nodes that are no node names" --nodes 'nodea;x' mail1 $o --ip 192.0.2.10 --device /dev/sdb1
}
# From the settings.
bulletin MAIL2_IP=192.168.100.300
bad 2 "a bad address in the settings" --format=cib
sbx_expect_stderr_has "mail2: address 192.168.100.300" "a bad address in the settings says which"
bulletin MAIL2_NODE=nodec
bad 6 "a preferred node not in CLUSTER_NODES" --format=pcs
bulletin MAIL2_DEVICE=
bad 6 "an empty device in the settings" --format=pcs
bulletin 'CLUSTER_NODES='
bad 6 "no CLUSTER_NODES" --format=cib
sbx_expect_stderr_has "CLUSTER_NODES" "no nodes names the key"
bulletin 'CLUSTER_NODES="nodea nodea"'
bad 6 "a node named twice in CLUSTER_NODES" --format=cib
sbx_expect_stderr_has "a node named twice" "a node named twice says so"

sbx_done
