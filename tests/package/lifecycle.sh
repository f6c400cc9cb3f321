#!/bin/bash
# SPDX-License-Identifier: MIT
# rpm -i, rpm -U with an instance running, rpm -e: in a scratch root that
# looks like a RHEL Scalix node.  rpm runs the scriptlets chrooted there.
# Usage: lifecycle.sh RELEASE1.rpm RELEASE2.rpm STANDIN_RPM_DIR
set -u
rpm1=$1 rpm2=$2 standins=$3
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${SCALIX_HA_IN_NS:-}" ]; then
	SCALIX_HA_IN_NS=1 exec unshare -m --propagation private bash "$here/lifecycle.sh" "$@"
fi
. "$here/../config/fixture.sh"

R=$(mktemp -d /tmp/scalix-ha-root.XXXXXX)
U=$(mktemp -d /tmp/scalix-ha-upper.XXXXXX)
started=()
cleanup() {
	local p
	for p in "${started[@]}"; do kill -KILL "$p" 2>/dev/null; done
	umount -l "$R"/var/opt/scalix/m1 "$R"/var/opt/scalix/m2 "$R"/proc "$R"/dev "$R"/usr 2>/dev/null
	rm -rf "$R" "$U"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
rpmr() { rpm --root "$R" --dbpath /var/lib/rpm "$@"; }
in_root() { chroot "$R" env -i PATH=/sbin:/bin:/usr/sbin:/usr/bin LANG=C "$@"; }

# A shell for the scriptlets: /usr from the host through an overlay, so the
# package's files land in the overlay and never on the host.
mkdir -p "$U"/up "$U"/work "$R"/usr "$R"/proc "$R"/dev "$R"/tmp "$R"/var/tmp "$R"/etc
mount -t overlay overlay -o lowerdir=/usr,upperdir="$U"/up,workdir="$U"/work "$R"/usr || fail "overlay"
for d in bin sbin lib lib64; do ln -s usr/$d "$R"/$d; done
mount -t proc proc "$R"/proc
mount --bind /dev "$R"/dev
chmod 1777 "$R"/tmp "$R"/var/tmp
cp /etc/ld.so.cache /etc/passwd /etc/group "$R"/etc/
make_node "$R"
# The vendor scripts: stand-ins whose daemons live on the instance storage.
for s in scalix-postgres scalix scalix-tomcat; do
	cat > "$R"/etc/rc.d/init.d/$s <<'SCRIPT'
#!/bin/bash
# chkconfig: 345 91 10
# description: stand-in vendor script
name=${0##*/} inst=${2:-$OMCURRENT}
az=${inst:0:1}${inst: -1}
case $name in
scalix-postgres) dir=/var/opt/scalix/$az/postgres/data pid=$dir/postmaster.pid ;;
scalix-tomcat) dir=/var/opt/scalix/$az/tomcat pid=$dir/tomcat.pid ;;
*) dir=/var/opt/scalix/$az/s pid=$dir/omctrl.pid ;;
esac
case $1 in
start) mkdir -p "$dir"; cd "$dir" && { setsid sleep 100000 < /dev/null > /dev/null 2>&1 & echo $! > "$pid"; } ;;
stop) [ -f "$pid" ] && kill "$(cat "$pid")"; rm -f "$pid" ;;
status) [ -f "$pid" ] && kill -0 "$(cat "$pid")" 2>/dev/null || exit 3 ;;
esac
SCRIPT
	chmod 755 "$R"/etc/rc.d/init.d/$s
done
mount -t tmpfs storage-m1 "$R"/var/opt/scalix/m1
mount -t tmpfs storage-m2 "$R"/var/opt/scalix/m2
make_server_xml "$R"/var/opt/scalix/m1/tomcat
make_server_xml "$R"/var/opt/scalix/m2/tomcat
boot_before=$(cd "$R"/var/lib/chkconfig-standin && grep -H . scalix* | sort)
rm -f "$R"/etc/sysconfig/scalix-ha # the package brings it

# --- install
rpmr --initdb || fail "initdb"
rpmr -i --nodeps "$standins"/scalix-*-11.4.6-1.noarch.rpm || fail "stand-in Scalix packages"
rpmr -i --nodeps "$rpm1" || fail "rpm -i"
[ -x "$R"/usr/sbin/scalix-ha ] || fail "no helper"
[ "$(stat -c %a "$R"/etc/rc.d/init.d/scalix-ha)" = 755 ] || fail "init script mode"
grep -q '^# chkconfig: - ' "$R"/etc/rc.d/init.d/scalix-ha || fail "chkconfig header"
grep -q '^### BEGIN INIT INFO' "$R"/etc/rc.d/init.d/scalix-ha || fail "LSB header"
[ "$(grep -c '^OMAUTOSTART=FALSE$' "$R"/etc/opt/scalix/instance.cfg)" = 2 ] || fail "%post: autostart"
for i in mail1 mail2; do
	[ "$(readlink "$R"/etc/rc.d/init.d/scalix-ha-$i)" = scalix-ha ] || fail "%post: init name $i"
	for k in jk ajp; do
		[ -f "$R"/etc/opt/scalix-tomcat/connector/$k/app-$i.srw.conf ] || fail "%post: $k srw $i"
	done
done
grep -q '^JkWorkerProperty worker.list=mail1,mail2$' "$R"/etc/opt/scalix-tomcat/connector/jk/workers.conf || fail "%post: workers"
grep -q '<Server port="8006"' "$R"/var/opt/scalix/m2/tomcat/conf/server.xml || fail "%post: ports"
for s in scalix scalix-tomcat scalix-postgres; do
	[ ! -e "$R"/var/lib/chkconfig-standin/$s ] || fail "%post: $s still starts at boot"
done
[ -e "$R"/var/lib/chkconfig-standin/scalix-ha ] && [ -z "$(cat "$R"/var/lib/chkconfig-standin/scalix-ha)" ] ||
	fail "%post: scalix-ha not added with no runlevels"
in_root /usr/sbin/scalix-ha -q check > /dev/null || fail "check after install: $(in_root /usr/sbin/scalix-ha check)"
echo "install: every %post effect present"

# --- an instance runs; upgrade keeps it running
# These vendor scripts start bare processes that serve nothing: readiness
# probes are off here (t27 and the e2e suite test them), as an administrator
# would write it in the settings the package brought.
printf '%s\n' SCALIX_POSTGRES_READY=none SCALIX_TOMCAT_READY=none >> "$R"/etc/sysconfig/scalix-ha
in_root /etc/rc.d/init.d/scalix-ha-mail1 start || fail "start mail1"
pids_before=$(for p in /proc/[0-9]*; do [[ $(readlink "$p"/cwd) == "$R"/var/opt/scalix/m1/* ]] && echo "${p#/proc/}"; done | sort)
[ "$(echo "$pids_before" | wc -w)" = 3 ] || fail "mail1 processes: $pids_before"
read -r -a started <<< "$(echo $pids_before)"
echo "STOP_TIMEOUT=7 # edited by the administrator" >> "$R"/etc/sysconfig/scalix-ha
cfg_before=$(sha256sum < "$R"/etc/opt/scalix/instance.cfg)
t0=$(date +%s%N)
rpmr -U --nodeps "$rpm2" || fail "rpm -U"
echo "measured: upgrade took $(( ($(date +%s%N) - t0) / 1000000 )) ms"
rpmr -q scalix-ha | grep -q -- '-2\.' || fail "not upgraded: $(rpmr -q scalix-ha)"
pids_after=$(for p in /proc/[0-9]*; do [[ $(readlink "$p"/cwd) == "$R"/var/opt/scalix/m1/* ]] && echo "${p#/proc/}"; done | sort)
[ "$pids_before" = "$pids_after" ] || fail "processes changed: '$pids_before' -> '$pids_after'"
grep -q '^STOP_TIMEOUT=7 # edited' "$R"/etc/sysconfig/scalix-ha || fail "edited sysconfig lost"
[ "$(sha256sum < "$R"/etc/opt/scalix/instance.cfg)" = "$cfg_before" ] || fail "instance.cfg changed on upgrade"
in_root /etc/rc.d/init.d/scalix-ha-mail1 status > /dev/null || fail "mail1 not running after upgrade"
echo "upgrade: same processes ($(echo $pids_after)), sysconfig kept, instance.cfg identical"

# --- erase while mail1 runs: refused, nothing killed
rpmr -e scalix-ha 2> "$R"/erase.err && fail "erase with mail1 running succeeded"
grep -q "instance mail1 is running" "$R"/erase.err || fail "refusal does not say why: $(cat "$R"/erase.err)"
rpmr -q scalix-ha > /dev/null || fail "package gone after refused erase"
for p in $pids_after; do kill -0 "$p" || fail "process $p killed by a refused erase"; done
echo "erase with mail1 running: refused, processes alive"

# --- stop, then erase
in_root /etc/rc.d/init.d/scalix-ha-mail1 stop || fail "stop mail1"
rpmr -e scalix-ha || fail "rpm -e"
boot_after=$(cd "$R"/var/lib/chkconfig-standin && grep -H . scalix* 2>/dev/null | sort)
[ "$boot_before" = "$boot_after" ] || fail "boot start not restored: '$boot_after'"
[ ! -e "$R"/var/lib/chkconfig-standin/scalix-ha ] || fail "scalix-ha still known to chkconfig"
ls "$R"/etc/rc.d/init.d/scalix-ha* > /dev/null 2>&1 && fail "init names left: $(ls "$R"/etc/rc.d/init.d/)"
[ ! -e "$R"/usr/sbin/scalix-ha ] || fail "helper left"
[ "$(grep -c '^OMNAME=' "$R"/etc/opt/scalix/instance.cfg)" = 2 ] || fail "registrations lost"
echo "erase: boot start restored, init names gone, registrations kept"
