#!/bin/bash
# cluster-conf: rgmanager XML well formed with the resources rgmanager needs;
# the CIB <group> accepted by Pacemaker (cibadmin, crm_verify); pcs commands
# that a shell reads back into the same values; bad arguments refused.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
# shellcheck disable=SC2119 # the binary only, no per-instance names
sbx_install_helper

out=$SBX_SCRATCH/conf.xml
# A device path needing XML escaping and shell quoting.
dev="/dev/disk/by-id/scsi-3600&<\"'x>"
xp() { xmllint --xpath "$1" "$out" 2>/dev/null; }

# --- rgmanager -----------------------------------------------------------
sbx_run sbx_ha cluster-conf mail1 --ip 192.0.2.10/24 --device "$dev"
sbx_expect_rc 0 "cluster-conf (rgmanager, the default)"
cp "$SBX_OUT" "$out"
xmllint --noout "$out" 2>&1 || sbx_fail "rgmanager output is not well-formed XML"
sbx_expect_eq "$(xp 'name(/*)')" service "rgmanager: the root element"
sbx_expect_eq "$(xp 'string(/service/@name)')" mail1 "rgmanager: service name"
sbx_expect_eq "$(xp 'name(/service/*[1])') $(xp 'name(/service/*[2])') $(xp 'name(/service/*[3])')" \
	"fs ip script" "rgmanager: resources"
sbx_expect_eq "$(xp 'string(/service/fs/@device)')" "$dev" "rgmanager: fs device, escaped and read back"
sbx_expect_eq "$(xp 'string(/service/fs/@mountpoint)')" /var/opt/scalix/m1 "rgmanager: fs mountpoint"
sbx_expect_eq "$(xp 'string(/service/fs/@fstype)')" ext3 "rgmanager: fs type (default)"
sbx_expect_eq "$(xp 'string(/service/fs/@force_unmount)')" 1 "rgmanager: force_unmount"
sbx_expect_eq "$(xp 'string(/service/ip/@address)')" 192.0.2.10/24 "rgmanager: ip address"
sbx_expect_eq "$(xp 'string(/service/script/@file)')" /etc/rc.d/init.d/scalix-ha-mail1 "rgmanager: script file"
sbx_expect_eq "$(xp 'string(/service/script/@__enforce_timeouts)')" 1 "rgmanager: __enforce_timeouts"
stop=$(xp 'string(/service/script/action[@name="stop"]/@timeout)')
# The helper's bound under the sandbox settings (STOP_TIMEOUT=2, KILL_GRACE=1,
# 3 sub-services): 2 + 3 x 2 + 1 + 1 = 10 s; the timeout must outlast it.
if [ -z "$stop" ] || [ "$stop" -le 10 ] || [ "$stop" -gt 60 ]; then
	sbx_fail "rgmanager: stop timeout '$stop' does not bound the helper's 10 s"
fi

# INSTANCE_DIR is the settings' template, not a fixed path.
sbx_settings 'INSTANCE_DIR=/srv/scalix/%i'
sbx_run sbx_ha cluster-conf mail2 --ip fe80::1 --device /dev/sdc1 --fstype xfs
sbx_expect_rc 0 "cluster-conf with INSTANCE_DIR=/srv/scalix/%i"
cp "$SBX_OUT" "$out"
sbx_expect_eq "$(xp 'string(/service/fs/@mountpoint)')" /srv/scalix/mail2 "rgmanager: mountpoint from INSTANCE_DIR"
sbx_expect_eq "$(xp 'string(/service/fs/@fstype)')" xfs "rgmanager: --fstype"
sbx_expect_eq "$(xp 'string(/service/ip/@address)')" fe80::1 "rgmanager: IPv6 address"
sbx_settings

# --- cib ------------------------------------------------------------------
sbx_run sbx_ha cluster-conf --format=cib mail1 --ip 192.0.2.10/24 --device "$dev"
sbx_expect_rc 0 "cluster-conf --format=cib"
cp "$SBX_OUT" "$out"
xmllint --noout "$out" 2>&1 || sbx_fail "cib output is not well-formed XML"
sbx_expect_eq "$(xp 'name(/*)')" group "cib: the root element"
sbx_expect_eq "$(for i in 1 2 3; do
	xp "concat(/group/primitive[$i]/@provider, ':', /group/primitive[$i]/@type)"
done | tr '\n' ' ')" "heartbeat:Filesystem heartbeat:IPaddr2 scalix:instance " "cib: group members in start order"
sbx_expect_eq "$(xp 'string(//primitive[@type="Filesystem"]//nvpair[@name="device"]/@value)')" "$dev" "cib: Filesystem device"
sbx_expect_eq "$(xp 'string(//primitive[@type="IPaddr2"]//nvpair[@name="cidr_netmask"]/@value)')" 24 "cib: cidr_netmask"
sbx_expect_eq "$(xp 'count(//op[not(@timeout)])')" 0 "cib: every op has a timeout"
sbx_expect_eq "$(xp 'string(//primitive[@type="instance"]//op[.//nvpair[@name="OCF_CHECK_LEVEL"]]//nvpair/@value)')" 10 \
	"cib: a depth 10 monitor"

export CIB_file=$SBX_SCRATCH/cib.xml
cibadmin --empty >"$CIB_file" || sbx_fatal "cibadmin --empty failed"
cibadmin -M -o crm_config -X '<crm_config><cluster_property_set id="cib-bootstrap-options">
  <nvpair id="opt-stonith" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>' ||
	sbx_fatal "cannot set stonith-enabled=false"
sbx_run cibadmin -C -o resources -x "$out"
sbx_expect_rc 0 "cibadmin takes the group"
sbx_run sbx_ha cluster-conf --format=cib mail2 --ip 2001:db8::2/64 --device /dev/sdc1
sbx_expect_rc 0 "cluster-conf --format=cib mail2"
cp "$SBX_OUT" "$out.2"
sbx_run cibadmin -C -o resources -x "$out.2"
sbx_expect_rc 0 "cibadmin takes the second group (no ID clash)"
sbx_run crm_verify -V -x "$CIB_file"
sbx_expect_rc 0 "crm_verify of a CIB holding both groups"
if grep -q 'error' "$SBX_ERR"; then
	sbx_fail "crm_verify reported errors"
	sbx_dump
fi
# crm_verify has teeth: the same group with both monitors on one interval.
cibadmin --empty >"$CIB_file.bad"
sed 's/interval="120s"/interval="30s"/' "$out" >"$out.bad"
CIB_file=$CIB_file.bad cibadmin -C -o resources -x "$out.bad" 2>/dev/null
sbx_run crm_verify -x "$CIB_file.bad"
[ "$SBX_RC" != 0 ] || sbx_fail "crm_verify passed a group with two monitors on one interval"

# --- pcs ------------------------------------------------------------------
sbx_run sbx_ha cluster-conf --format=pcs mail1 --ip 192.0.2.10/24 --device "$dev"
sbx_expect_rc 0 "cluster-conf --format=pcs"
sbx_expect_eq "$(grep -c '^pcs resource create ' "$SBX_OUT")" 3 "pcs: three commands"
mapfile -t cmds <"$SBX_OUT"
# A shell reads each line back into words (what pcs would get).
eval "fs=(${cmds[0]})"
eval "ip=(${cmds[1]})"
eval "inst=(${cmds[2]})"
# shellcheck disable=SC2154 # set by eval
sbx_expect_eq "${fs[3]} ${fs[4]}" "scalix-mail1-fs ocf:heartbeat:Filesystem" "pcs: Filesystem"
sbx_expect_eq "${fs[5]}" "device=$dev" "pcs: device quoted and read back"
sbx_expect_eq "${fs[-2]} ${fs[-1]}" "--group scalix-mail1" "pcs: Filesystem in the group"
# shellcheck disable=SC2154
sbx_expect_eq "${ip[4]} ${ip[5]} ${ip[6]}" "ocf:heartbeat:IPaddr2 ip=192.0.2.10 cidr_netmask=24" "pcs: IPaddr2"
# shellcheck disable=SC2154
sbx_expect_eq "${inst[4]} ${inst[5]}" "ocf:scalix:instance instance=mail1" "pcs: the instance"
grep -q 'OCF_CHECK_LEVEL=10 --group scalix-mail1$' "$SBX_OUT" || sbx_fail "pcs: no depth 10 monitor"

# --- refused --------------------------------------------------------------
bad() { # RC WHAT ARGS...
	local rc=$1 what=$2
	shift 2
	sbx_run sbx_ha cluster-conf "$@"
	sbx_expect_rc "$rc" "$what"
	[ -s "$SBX_OUT" ] && sbx_fail "$what: printed a configuration"
}
bad 2 "an address that is not one" mail1 --ip 192.0.2.300 --device /dev/sdb1
bad 2 "a host name for --ip" mail1 --ip mail1.scalixdemo.com --device /dev/sdb1
bad 2 "a prefix too long" mail1 --ip 192.0.2.10/33 --device /dev/sdb1
bad 2 "a relative device" mail1 --ip 192.0.2.10 --device sdb1
bad 2 "no --device" mail1 --ip 192.0.2.10
bad 2 "no --ip" mail1 --device /dev/sdb1
bad 2 "an unknown format" --format=xml mail1 --ip 192.0.2.10 --device /dev/sdb1
bad 2 "a file system type with a shell operator" mail1 --ip 192.0.2.10 --device /dev/sdb1 --fstype 'ext3;x'
bad 2 "no instance" --ip 192.0.2.10 --device /dev/sdb1
bad 2 "two instances" mail1 mail2 --ip 192.0.2.10 --device /dev/sdb1
bad 2 "an invalid instance name" ../x --ip 192.0.2.10 --device /dev/sdb1
bad 6 "an unregistered instance" mail9 --ip 192.0.2.10 --device /dev/sdb1
sbx_expect_stderr_has "not registered" "an unregistered instance says why"

sbx_done
