#!/bin/bash
# SPDX-License-Identifier: MIT
# What an administrator reads, byte for byte: cluster-conf in its three
# formats, list, check, --help and the man page's EXAMPLES, each compared
# with tests/integration/golden/NAME.out (stdout, stderr, exit code) by
# diff -u.  The expected files were captured from the helper as it was
# before the layout change (commit 7a1a7bb), then cluster-conf's and check's
# as issue 16 changed them (the whole cluster, fencing, storage); a change of
# output on purpose updates them in the same commit:
#   GOLDEN_UPDATE=1 tests/integration/run t17     # rewrite the .out files
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
golden=$SBX_TOP/tests/integration/golden

# A fixed node: two instances, mail1 mounted here, the vendor's services at
# boot through the chkconfig stand-in, no systemctl and no rpm database (the
# host's must not show), a known /etc/hosts, mail1's connector files.
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_install_helper mail1 mail2
install -D -m 0755 "$SBX_TOP/tests/config/bin/chkconfig" /opt/golden/chkconfig
for s in scalix scalix-tomcat scalix-postgres; do
	/opt/golden/chkconfig --add "$s" || sbx_fatal "chkconfig --add $s failed"
done
sbx_settings RPM_DBPATH=/var/opt/golden-no-rpmdb CHKCONFIG=/opt/golden/chkconfig \
	SYSTEMCTL=/opt/golden/systemctl
printf '127.0.0.1 localhost\n192.0.2.1 mail1.scalixdemo.com mail1\n' >/etc/hosts
for s in jk ajp; do
	mkdir -p /etc/opt/scalix-tomcat/connector/$s
	printf '<VirtualHost mail1.scalixdemo.com:80>\nInclude app-mail1.*.conf\n</VirtualHost>\n' \
		>/etc/opt/scalix-tomcat/connector/$s/instance-mail1.conf
done
cat >/var/opt/node1.cfg <<-'CFG'
	OMNAME=mail3
	OMHOSTNAME=mail3.scalixdemo.com
	OMDATADIR=/var/opt/scalix/m3/s
	OMAUTOSTART=TRUE
CFG
dev="/dev/disk/by-id/scsi-3600&<\"'x>"

n=0
# golden NAME ARGS...: run `scalix-ha ARGS...` as an administrator would.
golden() {
	local name=$1 got
	shift
	n=$((n + 1))
	sbx_run sbx_ha "$@"
	got=$SBX_SCRATCH/$name.out
	{
		cat "$SBX_OUT"
		echo "--- stderr"
		cat "$SBX_ERR"
		echo "--- exit $SBX_RC"
	} >"$got"
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		cp "$got" "$golden/$name.out"
	elif [ ! -f "$golden/$name.out" ]; then
		sbx_fail "$name: no $golden/$name.out (GOLDEN_UPDATE=1 writes it)"
	elif ! diff -u "$golden/$name.out" "$got" >&2; then
		sbx_fail "$name: output differs from golden/$name.out"
	fi
}

# The command line.
golden help --help
golden usage
golden version --version
golden unknown-verb frobnicate

# cluster-conf: README's examples, then t14's (a device needing escaping),
# one instance described by options.
one='--nodes=nodea nodeb'
golden cc-rgmanager-readme cluster-conf --format=rgmanager mail1 "$one" --node nodea \
	--ip 192.168.100.21 --device /dev/vgmail1/lvmail1 --fstype ext3
golden cc-cib-readme cluster-conf --format=cib mail1 "$one" --node nodea \
	--ip 192.168.100.21/24 --device /dev/vgmail1/lvmail1
golden cc-pcs-readme cluster-conf --format=pcs mail1 "$one" --node nodea \
	--ip 192.168.100.21/24 --device /dev/vgmail1/lvmail1
golden cc-rgmanager cluster-conf mail1 "$one" --node nodea --ip 192.0.2.10/24 --device "$dev"
golden cc-rgmanager-v6 cluster-conf mail2 "$one" --node nodeb --ip fe80::1 --device /dev/sdc1 \
	--fstype xfs
golden cc-cib cluster-conf --format=cib mail1 "$one" --node nodea --ip 192.0.2.10/24 \
	--device "$dev"
golden cc-cib-v6 cluster-conf --format=cib mail2 "$one" --node nodeb --ip 2001:db8::2/64 \
	--device /dev/sdc1
golden cc-pcs cluster-conf --format=pcs mail1 "$one" --node nodea --ip 192.0.2.10/24 \
	--device "$dev"
golden cc-bad-format cluster-conf --format=xml mail1 "$one" --node nodea --ip 192.0.2.10 \
	--device /dev/sdb1
golden cc-unregistered cluster-conf mail9 "$one" --node nodea --ip 192.0.2.10 --device /dev/sdb1
# The whole cluster from the settings: the bulletin's layout, default bounds
# (a refactor of cluster-conf must leave these three byte for byte).
cat >/etc/sysconfig/golden-bulletin <<-'CFG'
	CLUSTER_NODES="nodea nodeb"
	MAIL1_NODE=nodea
	MAIL1_IP=192.168.100.21/24
	MAIL1_DEVICE=/dev/vgmail1/lvmail1
	MAIL2_NODE=nodeb
	MAIL2_IP=192.168.100.22/24
	MAIL2_DEVICE=/dev/vgmail2/lvmail2
CFG
for f in rgmanager cib pcs; do
	golden "cc-bulletin-$f" --config /etc/sysconfig/golden-bulletin cluster-conf --format=$f
done

# list and check.
golden list list
golden list-versions list --versions
golden check check
golden check-digest check --digest
golden ports-check ports --check

# Settings read as before: renamed packages, a bad value, unknown keys.
conf() { # NAME LINES...: a settings file beside the real one
	local name=$1
	shift
	printf '%s\n' RPM_DBPATH=/var/opt/golden-no-rpmdb "$@" >"/etc/sysconfig/$name"
}
conf golden-pkg PKG_SERVER=acme-server PKG_TOMCAT=acme-tomcat PKG_POSTGRES=acme-pg
golden settings-packages --config /etc/sysconfig/golden-pkg list --versions
conf golden-bad 'STOP_TIMEOUT=soon'
golden settings-bad --config /etc/sysconfig/golden-bad list
conf golden-unknown FROB=1 'SERVICES="scalix-postgres scalix"' SCALIX_TOMCAT_PIDFILE=/x \
	'SCALIX_PIDFILE=/var/opt/scalix/%a/s/scalix.pid' 'CHECK_PORTS="5733 99999"'
golden settings-unknown --config /etc/sysconfig/golden-unknown list

# The man page's EXAMPLES that print without starting anything.
golden example-merge-dry-run --merge /var/opt/node1.cfg --dry-run setup
golden example-register-dry-run --dry-run register mail4 --hostname mail4.example.com

[ "$n" -gt 0 ] || sbx_fail "no case ran"
[ -z "${GOLDEN_UPDATE:-}" ] || sbx_log "golden: $n files written to $golden"
sbx_done
