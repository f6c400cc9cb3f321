#!/bin/bash
# SPDX-License-Identifier: MIT
# Package awareness: what the rpm database of a root says reaches check,
# check --digest, list --versions, start (LSB 5) and validate-all (OCF 5).
# Usage: packages.sh STANDIN_RPM_DIR
set -u
standins=$1
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${SCALIX_HA_IN_NS:-}" ]; then
	SCALIX_HA_IN_NS=1 exec unshare -m --propagation private bash "$here/packages.sh" "$@"
fi
. "$here/../config/fixture.sh"
H=${SCALIX_HA_BIN:-$here/../../scalix-ha}
R=$(mktemp -d /tmp/scalix-ha-pkgs.XXXXXX)
T=$(mktemp -d /tmp/scalix-ha-ocf.XXXXXX)
trap 'umount "$R"/var/opt/scalix/m1 2>/dev/null; rm -rf "$R" "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sx() { "$H" -q --root "$R" "$@"; }
rpmr() { rpm --root "$R" --dbpath /var/lib/rpm "$@" 2>/dev/null; }

make_node "$R"
# Vendor scripts that only record that they ran.
for s in scalix-postgres scalix scalix-tomcat; do
	printf '#!/bin/bash\necho "$0 $*" >> "$SCALIX_HA_ROOT/ran.log"\n' > "$R"/etc/rc.d/init.d/$s
done
mount -t tmpfs storage-m1 "$R"/var/opt/scalix/m1

# No rpm database: start falls back to the sub-service scripts (present).
sx list --versions | grep -q 'scalix-server *(no rpm database)' || fail "list without rpmdb"
rm -f "$R"/ran.log # list asks the status scripts
chmod -x "$R"/etc/rc.d/init.d/scalix-tomcat
sx start mail1 2> "$T"/err; rc=$?
[ $rc = 5 ] || fail "no rpmdb, script missing: start exited $rc"
grep -q "scalix-tomcat is not installed" "$T"/err || fail "message: $(cat "$T"/err)"
[ ! -e "$R"/ran.log ] || fail "something ran: $(cat "$R"/ran.log)"
chmod +x "$R"/etc/rc.d/init.d/scalix-tomcat
echo "no rpm database: falls back to the sub-service scripts"

rpmr --initdb || fail "initdb"
# An empty database (as Debian's rpm leaves on first use) counts as none.
[ -e "$R"/var/lib/rpm/rpmdb.sqlite ] || [ -e "$R"/var/lib/rpm/Packages ] || fail "initdb made no database"
sx list --versions | grep -q 'scalix-server *(no rpm database)' || fail "empty rpmdb: $(sx list --versions)"
echo "empty rpm database: judged as none"
rpmr -i --nodeps --noscripts "$standins"/scalix-{server,tomcat,postgres}-11.4.6-1.noarch.rpm || fail "install stand-ins"
out=$(sx check)
for p in scalix-server scalix-tomcat scalix-postgres; do
	echo "$out" | grep -q "ok: *package $p-11.4.6-1" || fail "check does not show $p: $out"
done
echo "$out" | grep -q "PROBLEM: package scalix-ha is not installed" || fail "scalix-ha not reported missing"
sx list --versions | grep -q '^scalix-tomcat *11.4.6-1$' || fail "list --versions: $(sx list --versions)"
d1=$(sx check --digest)
rpmr -U --nodeps --noscripts "$standins"/scalix-tomcat-11.4.7-1.noarch.rpm || fail "upgrade stand-in"
d2=$(sx check --digest)
[ "$d1" != "$d2" ] || fail "digest ignores the Scalix version"
echo "measured: digest 11.4.6 $d1"
echo "measured: digest 11.4.7 $d2"

# Erase scalix-server: start is refused with 5, nothing runs; so is validate-all.
rpmr -e --nodeps --noscripts scalix-server || fail "erase stand-in"
rm -f "$R"/ran.log # list asked the status scripts
sx start mail1 2> "$T"/err; rc=$?
[ $rc = 5 ] || fail "start without scalix-server exited $rc"
grep -q "package scalix-server is not installed" "$T"/err || fail "message: $(cat "$T"/err)"
[ ! -e "$R"/ran.log ] || fail "a sub-service was started: $(cat "$R"/ran.log)"
ln -s "$H" "$T"/instance
SCALIX_HA_ROOT=$R OCF_RESKEY_instance=mail1 "$T"/instance validate-all 2>/dev/null; rc=$?
[ $rc = 5 ] || fail "validate-all without scalix-server exited $rc"
rpmr -i --nodeps --noscripts "$standins"/scalix-server-11.4.6-1.noarch.rpm || fail "reinstall"
SCALIX_HA_ROOT=$R OCF_RESKEY_instance=mail1 "$T"/instance validate-all 2>/dev/null || fail "validate-all with scalix-server"
echo "start and validate-all return 5 without scalix-server, nothing started"
