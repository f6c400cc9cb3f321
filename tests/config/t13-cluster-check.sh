# SPDX-License-Identifier: MIT
# check learns the cluster around the instances: fencing (cluster.conf's
# fence devices for rgmanager, the CIB's stonith resources for Pacemaker)
# and each instance's volume group for that stack (system_id and no boot
# auto-activation for HA-LVM; clvmd or volume_list for rgmanager), each
# problem with its fix; ext3/ext4 get multiple-mount protection as advice.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
sx setup >/dev/null 2>&1 || fail "setup"
out=$(sx check) || fail "check after setup: $out"
echo "$out" | grep -q "no cluster configured here" || fail "no cluster: $out"

cp "$CONFIG_TESTS/bin/vgs" "$R"/sbin/vgs
mkdir -p "$R"/var/lib/vgs-standin "$R"/etc/lvm "$R"/var/lib/pacemaker/cib
cat >"$R"/etc/sysconfig/scalix-ha <<'CONF'
CLUSTER_NODES="nodea nodeb"
MAIL1_NODE=nodea
MAIL1_IP=192.168.100.21/24
MAIL1_DEVICE=/dev/vgmail1/lvmail1
MAIL2_NODE=nodeb
MAIL2_IP=192.168.100.22/24
MAIL2_DEVICE=/dev/sdc1
MAIL2_FSTYPE=ext4
CONF
has() { echo "$out" | grep -q -- "$1" || fail "check missed: $1
$out"; }
fixed() { # TEXT FIX: the problem TEXT, with FIX on the next line
	echo "$out" | grep -A1 "PROBLEM: .*$1" | grep -q -- "fix: .*$2" || fail "no '$2' for '$1':
$out"
}

# --- Pacemaker, nothing set up ---------------------------------------------
cat >"$R"/var/lib/pacemaker/cib/cib.xml <<'CIB'
<cib><configuration><crm_config><cluster_property_set id="o">
<nvpair id="o-s" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
<nodes/><resources/><constraints/></configuration><status/></cib>
CIB
printf 'global {\n\t# system_id_source = "uname"\n\tlocking_type = 1\n}\n' >"$R"/etc/lvm/lvm.conf
echo 'vgmail1|||enabled' >"$R"/var/lib/vgs-standin/vgmail1
out=$(sx check); [ $? = 1 ] || fail "check passed a cluster without fencing: $out"
fixed "stonith-enabled is false" "pcs property set stonith-enabled=true"
fixed "cib.xml has no fence device" "pcs stonith create"
fixed "lvm.conf has no system_id_source" 'system_id_source = "uname"'
# shellcheck disable=SC2016 # the fix as printed, $(...) included
fixed "volume group vgmail1 has no system ID" 'vgchange --systemid $(uname -n) vgmail1'
fixed "vgmail1 may be activated at boot" "vgchange --setautoactivation n vgmail1"
has "mail2: /dev/sdc1 is no logical volume"
echo "$out" >"${T10_SHOW:-/dev/null}"
has "advice:  mail1: ext3 has no multiple-mount protection"
has "advice:  mail2: tune2fs -O mmp /dev/sdc1"
n=$(echo "$out" | grep -c '^PROBLEM:')
[ "$n" = 5 ] || fail "5 problems expected, $n: $out"

# --- Pacemaker, set up as HA-LVM wants it -----------------------------------
sed -i 's/value="false"/value="true"/; s|<resources/>|<resources><primitive id="f" class="stonith" type="fence_ipmilan"/></resources>|' \
	"$R"/var/lib/pacemaker/cib/cib.xml
cat >"$R"/etc/lvm/lvm.conf <<'LVM'
global {
	system_id_source = "uname"   # HA-LVM
}
activation {
	auto_activation_volume_list = [ "rootvg", "vgmail1x/lv" ]
}
LVM
echo 'vgmail1|nodea||enabled' >"$R"/var/lib/vgs-standin/vgmail1
out=$(sx check) || fail "check of a set-up Pacemaker node: $out"
has "cib.xml has fence devices"
has "system_id_source = uname"
has "vgmail1 belongs to system ID nodea"
has "vgmail1 is kept out of boot-time auto-activation"
# Listed in auto_activation_volume_list: a problem again.
sed -i 's|"rootvg"|"rootvg", "vgmail1"|' "$R"/etc/lvm/lvm.conf
out=$(sx check); [ $? = 1 ] || fail "vgmail1 in auto_activation_volume_list passed"
fixed "vgmail1 may be activated at boot" "auto_activation_volume_list"
# LVM 2.03.12 and later: auto-activation off on the VG itself is enough.
echo 'vgmail1|nodea||' >"$R"/var/lib/vgs-standin/vgmail1
out=$(sx check) || fail "vgchange --setautoactivation n not seen: $out"
# An older LVM (no vg_autoactivation field) with the VG in the list.
touch "$R"/var/lib/vgs-standin/OLD
out=$(sx check); [ $? = 1 ] || fail "an old LVM: auto-activation passed"
has "vgmail1 belongs to system ID nodea"
rm "$R"/var/lib/vgs-standin/OLD
# A clustered VG is no HA-LVM one; a VG vgs cannot find is a problem.
echo 'vgmail1||clustered|' >"$R"/var/lib/vgs-standin/vgmail1
out=$(sx check); [ $? = 1 ] || fail "a clustered VG passed for HA-LVM"
fixed "vgmail1 is clustered" "vgchange -cn vgmail1"
rm "$R"/var/lib/vgs-standin/vgmail1
out=$(sx check); [ $? = 1 ] || fail "a missing VG passed"
fixed "vgs finds no volume group vgmail1" "pvscan --cache"
rm "$R"/sbin/vgs
out=$(sx check)
has "cannot run: the state of volume group vgmail1 is not checked"

# --- rgmanager: clvmd as the bulletin sets it up -----------------------------
cp "$CONFIG_TESTS/bin/vgs" "$R"/sbin/vgs
mkdir -p "$R"/etc/cluster
cat >"$R"/etc/cluster/cluster.conf <<'CC'
<?xml version="1.0"?>
<cluster name="scalix" config_version="1">
  <clusternodes>
    <clusternode name="nodea" nodeid="1"><fence><method name="1"><device name="ipmi-a"/></method></fence></clusternode>
    <clusternode name="nodeb" nodeid="2"/>
  </clusternodes>
  <fencedevices/>
</cluster>
CC
echo 'vgmail1||clustered|' >"$R"/var/lib/vgs-standin/vgmail1
printf 'global {\n\tlocking_type = 1\n}\n' >"$R"/etc/lvm/lvm.conf
out=$(sx check); [ $? = 1 ] || fail "rgmanager without fencing passed: $out"
fixed "cluster.conf has no fence device" "ccs -h NODE --addfencedev"
fixed "cluster node nodeb has no fence method" "ccs -h nodeb --addmethod primary nodeb"
echo "$out" | grep -q "cluster node nodea has no" && fail "nodea has a fence method: $out"
fixed "vgmail1 is clustered but lvm.conf has locking_type 1" "lvmconf --enable-cluster"
sed -i 's|<clusternode name="nodeb" nodeid="2"/>|<clusternode name="nodeb" nodeid="2"><fence><method name="1"><device name="ipmi-b"/></method></fence></clusternode>|; s|<fencedevices/>|<fencedevices><fencedevice name="ipmi-a" agent="fence_ipmilan"/><fencedevice name="ipmi-b" agent="fence_ipmilan"/></fencedevices>|' \
	"$R"/etc/cluster/cluster.conf
printf 'global {\n\tlocking_type = 3\n}\n' >"$R"/etc/lvm/lvm.conf
out=$(sx check) || fail "check of a set-up rgmanager node: $out"
has "cluster.conf has fence devices"
has "vgmail1 is clustered, with clvmd"
# Not clustered and not kept out of volume_list: two nodes may activate it.
echo 'vgmail1|||' >"$R"/var/lib/vgs-standin/vgmail1
out=$(sx check); [ $? = 1 ] || fail "an unprotected VG passed under rgmanager"
fixed "neither clustered (clvmd) nor kept out of volume_list" "vgchange -cy vgmail1"
# HA-LVM tagging: volume_list without it.
printf 'activation {\n\tvolume_list = [ "rootvg", "@nodea" ]\n}\n' >"$R"/etc/lvm/lvm.conf
out=$(sx check) || fail "HA-LVM tagging under rgmanager: $out"
has "left to rgmanager by volume_list"
# A broken cluster.conf is reported, not taken for one without fencing.
echo '<cluster' >"$R"/etc/cluster/cluster.conf
out=$(sx check); [ $? = 1 ] || fail "a broken cluster.conf passed"
fixed "cannot be read as XML" "xmllint --noout"
echo "check: fencing and volume groups for Pacemaker and rgmanager, with fixes"
