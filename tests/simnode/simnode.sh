#!/bin/bash
# SPDX-License-Identifier: MIT
# simnode.sh: a simulated Scalix cluster node for end-to-end tests.
#
# Builds, inside private namespaces, a node with two Scalix instances (mail1/m1 on
# 127.0.1.1, mail2/m2 on 127.0.1.2), each with its "shared storage" (a sparse ext4
# image, loop-mounted at /var/opt/scalix/<az>), a real PostgreSQL 15 and a real
# Tomcat 10 on that storage, stand-in Scalix daemons, and the vendor init scripts
# /etc/rc.d/init.d/{scalix,scalix-postgres,scalix-tomcat}.
#
# Nothing reaches the host: the node runs under
#   unshare --mount --propagation private   /etc, /usr, /opt, /var/opt, /var/lib, /run get
#                                           overlays with a tmpfs upper; private /tmp
#           --net                           own loopback: the instance addresses, ports
#           --ipc                           PostgreSQL's SysV memory dies with the node
#           --pid --fork --mount-proc       every node process dies with the node, and
#                                           /proc (the helper's sweep) sees only them
# Loop devices are the one global resource: each is detached lazily right after
# mounting (autoclear), so it goes away with its mount, even on SIGKILL.
# Loopback carries 127.0.0.1/32 only; an instance address (/32 on lo) answers
# only while it is up (sn_ip_up / sn_ip_down, the cluster's ip resource), and
# the storage is mounted by sn_storage_mount / sn_storage_umount (fs resource).
#
# Usage (as root):
#   simnode.sh run CMD [ARG...]   build a node, run CMD in it, tear down; exit = CMD's
#   simnode.sh shell              build a node and open a shell in it
#   simnode.sh measure [ROUNDS]   build, start/stop both instances via the vendor
#                                 scripts, print timings
#   simnode.sh check              preflight: overlayfs, loop, namespaces, packages
# CMD must not live under /tmp (the node has a private /tmp), unless it is in
# this tree, which stays visible at its path.
#
# Inside a node, `. tests/simnode/simnode.sh` gives the sn_* functions (no CLI).
#
# Environment: SIMNODE_INSTALL (how the scalix-ha package gets onto the node
# once its storage is built: "rpm" = rpm -i of SIMNODE_RPM, whose %post runs
# the set-up; "copy" = the files of the tree copied, then what %post does run
# by hand; "none" = not installed, a test calls sn_install_package itself,
# which then uses rpm when SIMNODE_RPM is set, else copy; the default is that
# same choice at build time), SIMNODE_RPM (a binary RPM,
# not under /tmp: the node has its own), SIMNODE_VENDOR_RPMS (a directory of
# RPMs installed first: the vendor's packages, e.g. the stand-ins that
# tests/e2e/build-rpm.sh builds), SIMNODE_HELPER (default
# <top>/scalix-ha, for copy), SIMNODE_IMG_SIZE (256M),
# SIMNODE_VERBOSE=1.

SIMNODE_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SIMNODE_TOP=$(cd "$SIMNODE_SRC/../.." && pwd)

SN_INSTANCES="mail1 mail2"
declare -A SN_AZ=([mail1]=m1 [mail2]=m2)
declare -A SN_ADDR=([mail1]=127.0.1.1 [mail2]=127.0.1.2)
SN_DOMAIN=scalixdemo.com
SN_PG_BIN=/usr/lib/postgresql/15/bin
SN_PG_PORT=5733
SN_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
SN_CATALINA_HOME=/usr/share/tomcat10
SN_HTTP_PORT=8080
SN_AJP_PORT=8009
SN_SHUTDOWN_PORT=8005 # what a fresh Scalix install gives every instance
SN_IMG_SIZE=${SIMNODE_IMG_SIZE:-256M}
SN_WORK=/tmp/simnode # on the node's private tmpfs
# /usr and /var/lib: rpm -i writes there (units, OCF link, man pages, its
# database), and so do the set-up's chkconfig and boot-start record.
SN_OVERLAYS="/etc /usr /opt /var/opt /var/lib /run /var/run /var/lock"
SN_HELPER=${SIMNODE_HELPER:-$SIMNODE_TOP/scalix-ha}
SIMNODE_RPM=${SIMNODE_RPM:-}
SIMNODE_VENDOR_RPMS=${SIMNODE_VENDOR_RPMS:-}
SN_PKG_MODE=copy # how sn_install_package installs by default
[ -n "$SIMNODE_RPM" ] && SN_PKG_MODE=rpm
SN_INSTALL=${SIMNODE_INSTALL:-$SN_PKG_MODE} # what the node build does

sn_log() { printf 'simnode: %s\n' "$*" >&2; }
sn_vlog() { [ -n "$SIMNODE_VERBOSE" ] && sn_log "$@"; return 0; }
sn_die() {
	printf 'simnode: fatal: %s\n' "$*" >&2
	exit 1
}

# ms_now, ms_since
. "$(dirname "${BASH_SOURCE[0]}")/../lib/clock.sh"

# sn_poll TRIES INTERVAL CMD...: run CMD until it succeeds, at most TRIES times.
sn_poll() {
	local tries=$1 interval=$2 i
	shift 2
	for ((i = 0; i < tries; i++)); do
		"$@" && return 0
		sleep "$interval"
	done
	return 1
}

sn_az() { echo "${SN_AZ[$1]:?unknown instance $1}"; }
sn_addr() { echo "${SN_ADDR[$1]:?unknown instance $1}"; }
sn_dir() { echo "/var/opt/scalix/$(sn_az "$1")"; }
sn_img() { echo "$SN_WORK/img/$(sn_az "$1").img"; }
sn_pgdata() { echo "$(sn_dir "$1")/postgres/data"; }
sn_catalina_base() { echo "$(sn_dir "$1")/tomcat"; }
sn_tomcat_pidfile() { echo "$(sn_catalina_base "$1")/tomcat.pid"; }

# ---------------------------------------------------------------- probes

sn_is_mounted() { mountpoint -q "$(sn_dir "$1")"; }

sn_http_ok() { curl -fsS -m 3 -o /dev/null "http://$(sn_addr "$1"):$SN_HTTP_PORT/" 2>/dev/null; }

sn_pg_ready() { "$SN_PG_BIN/pg_isready" -q -h "$(sn_addr "$1")" -p "$SN_PG_PORT" -U postgres -d postgres -t 2; }

# sn_psql INSTANCE SQL: one statement over TCP on the instance address.
sn_psql() {
	psql -X -q -At -h "$(sn_addr "$1")" -p "$SN_PG_PORT" -U postgres -d postgres \
		-v ON_ERROR_STOP=1 -c "$2"
}

# The Tomcat shutdown port, as the instance's server.xml says.
sn_server_port() {
	sed -n 's/.*<Server[^>]*[[:space:]]port="\([-0-9]*\)".*/\1/p' \
		"$(sn_catalina_base "$1")/conf/server.xml" | head -n 1
}

# PIDs listening on TCP ADDR:PORT (ADDR may be * or a name).
sn_listener_pids() {
	ss -Hltnp "sport = :$2" 2>/dev/null | awk -v a="$1" '
		{ l = $4; gsub(/\[::ffff:|\]/, "", l) } # Java listens on IPv6 sockets
		a == "*" || index(l, a ":") == 1 {
			while (match($0, /pid=[0-9]+/)) {
				print substr($0, RSTART + 4, RLENGTH - 4)
				$0 = substr($0, RSTART + RLENGTH)
			}
		}' | sort -un
}

# Tomcat is up once it serves HTTP and its own PID holds its shutdown port.
sn_tomcat_ready() {
	local pid
	pid=$(cat "$(sn_tomcat_pidfile "$1")" 2>/dev/null) || return 1
	sn_http_ok "$1" || return 1
	sn_listener_pids 127.0.0.1 "$(sn_server_port "$1")" | grep -qx "$pid"
}

sn_alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"; }

# PIDs whose cwd, root, exe, an open file or a mapping lies under DIR (the same
# test the helper's sweep uses), never this shell.
sn_pids_using() {
	local dir=${1%/}
	{
		find /proc/[0-9]*/cwd /proc/[0-9]*/root /proc/[0-9]*/exe /proc/[0-9]*/fd/* \
			-maxdepth 0 \( -lname "$dir" -o -lname "$dir/*" \) -print 2>/dev/null
		grep -lsF " $dir/" /proc/[0-9]*/maps 2>/dev/null
	} | sed -n 's|^/proc/\([0-9]*\)/.*|\1|p' | sort -un |
		grep -vx -e "$$" -e "$BASHPID" -e "${SN_SELF_PID:-0}"
}

# One line per process using the instance storage: PID USER COMMAND.
sn_show_pids() {
	local p
	for p in "$@"; do
		ps -o pid=,user=,args= -p "$p" 2>/dev/null | cut -c1-150
	done
}

# ---------------------------------------------------------------- namespace

# Run this script again in fresh namespaces. unshare --fork ignores TERM and
# INT while it waits, so a TERM, INT or HUP sent to this process is passed on to
# the node's init (this script inside), whose trap tears the node down; if the
# node is still there 20 s later, KILL on unshare ends it (--kill-child).
sn_enter() {
	local mode=$1
	[ "$(id -u)" = 0 ] || sn_die "must run as root"
	set -- unshare --mount --propagation private --net --ipc --pid --fork \
		--kill-child --mount-proc -- "$SIMNODE_SRC/simnode.sh" __inside "$@"
	[ "$mode" = shell ] && exec "$@" # the terminal's ^C belongs to that shell
	"$@" <&0 &
	SN_UNSHARE=$!
	SN_TERM_AT=
	trap sn_forward_term TERM INT HUP
	# Job-based, so that a reaped (and maybe reused) PID is never signalled.
	while [ -n "$(jobs -rp)" ]; do
		if [ -n "$SN_TERM_AT" ] && [ $((SECONDS - SN_TERM_AT)) -ge 20 ]; then
			kill -KILL %1 2>/dev/null
			SN_TERM_AT=
		fi
		sleep 0.2
	done
	wait "$SN_UNSHARE"
	exit $?
}

sn_forward_term() {
	local init
	[ -n "$SN_TERM_AT" ] && return
	SN_TERM_AT=$SECONDS
	init=$(cat "/proc/$SN_UNSHARE/task/$SN_UNSHARE/children" 2>/dev/null)
	# shellcheck disable=SC2086 # a list of PIDs
	[ -n "$init" ] && kill -TERM $init 2>/dev/null
}

# The scratch tmpfs, the overlays, loopback.
sn_setup_ns() {
	[ "$$" = 1 ] || sn_die "not inside the simnode namespaces"
	# A tree under /tmp (a CI clone, say) must stay visible under the node's
	# own /tmp: held open across the mount, then bound at its old path
	# (--no-canonicalize, or mount would resolve the fd to the new /tmp).
	local keep=
	case "$SIMNODE_TOP/" in /tmp/*) exec {keep}<"$SIMNODE_TOP" ;; esac
	mount -t tmpfs -o mode=1777,size=3g simnode-tmp /tmp || sn_die "cannot mount /tmp"
	if [ -n "$keep" ]; then
		{ mkdir -p "$SIMNODE_TOP" && mount --no-canonicalize --bind "/proc/$$/fd/$keep" "$SIMNODE_TOP"; } ||
			sn_die "cannot keep $SIMNODE_TOP visible in the node"
		exec {keep}<&-
	fi
	mount -t tmpfs -o mode=1777,size=256m simnode-shm /dev/shm || sn_die "cannot mount /dev/shm"
	mkdir -p "$SN_WORK/upper" "$SN_WORK/img" "$SN_WORK/log"
	local d real name done=" "
	for d in $SN_OVERLAYS; do
		[ -e "$d" ] || continue
		real=$(readlink -f "$d")
		case "$done" in *" $real "* | *" ${real%/*} "*) continue ;; esac
		name=${real//\//_}
		mkdir -p "$SN_WORK/upper/$name/u" "$SN_WORK/upper/$name/w"
		mount -t overlay -o "lowerdir=$real,upperdir=$SN_WORK/upper/$name/u,workdir=$SN_WORK/upper/$name/w" \
			"simnode-ovl$name" "$real" || sn_die "cannot overlay $real"
		done="$done$real "
	done
	# Only 127.0.0.1 itself: an instance address answers only while it is up.
	{ ip link set lo up && ip addr del 127.0.0.1/8 dev lo && ip addr add 127.0.0.1/32 dev lo; } ||
		sn_die "cannot set up loopback"
}

# The "ip" resource of the cluster service.
sn_ip_up() { ip addr replace "$(sn_addr "$1")/32" dev lo; }
sn_ip_down() { ip addr del "$(sn_addr "$1")/32" dev lo 2>/dev/null || true; }

# ---------------------------------------------------------------- storage

sn_storage_create() {
	local img
	img=$(sn_img "$1")
	{ truncate -s "$SN_IMG_SIZE" "$img" && mkfs.ext4 -q -F -L "scalix-$(sn_az "$1")" "$img"; } ||
		sn_die "mkfs $img"
}

sn_storage_uuid() { blkid -o value -s UUID "$(sn_img "$1")"; }

# The "fs" resource: attach, mount, and detach lazily (autoclear).
sn_storage_mount() {
	local dir dev
	dir=$(sn_dir "$1")
	mkdir -p "$dir"
	dev=$(losetup -f --show "$(sn_img "$1")") || return 1
	if ! mount -t ext4 "$dev" "$dir"; then
		losetup -d "$dev"
		return 1
	fi
	losetup -d "$dev" # busy: becomes autoclear, freed by the umount
}

sn_storage_umount() { umount "$(sn_dir "$1")"; }

# Power cut on the storage: ext4 shutdown without flushing the journal
# (EXT4_IOC_SHUTDOWN, EXT4_GOING_FLAGS_NOLOGFLUSH), so the next mount must
# recover the journal. Only what was fsync()ed survives, as after a node crash.
sn_storage_powercut() {
	perl -e 'use Fcntl; sysopen(my $d, $ARGV[0], O_RDONLY | O_DIRECTORY) or die "$ARGV[0]: $!\n";
		my $how = pack("L", 2); ioctl($d, 0x8004587d, $how) or die "EXT4_IOC_SHUTDOWN: $!\n";' "$(sn_dir "$1")"
}

# ---------------------------------------------------------------- instances

sn_write_server_xml() {
	local inst=$1 port=${2:-$SN_SHUTDOWN_PORT} addr
	addr=$(sn_addr "$inst")
	cat >"$(sn_catalina_base "$inst")/conf/server.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Scalix Tomcat for instance $inst (simnode). HTTP and AJP are bound to the
     instance address; the shutdown port listens on localhost, so it must be
     unique across every instance of the cluster. -->
<Server port="$port" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector address="$addr" port="$SN_HTTP_PORT" protocol="HTTP/1.1"
               connectionTimeout="20000" redirectPort="8443" maxParameterCount="1000"/>
    <Connector address="$addr" port="$SN_AJP_PORT" protocol="AJP/1.3"
               secretRequired="false" redirectPort="8443" maxParameterCount="1000"/>
    <Engine name="Catalina" defaultHost="localhost" jvmRoute="$inst">
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false"/>
    </Engine>
  </Service>
</Server>
EOF
}

sn_populate_postgres() {
	local inst=$1 dir data az
	dir=$(sn_dir "$inst")
	data=$(sn_pgdata "$inst")
	az=$(sn_az "$inst")
	install -d -o postgres -g postgres -m 0700 "$dir/postgres"
	runuser -u postgres -- "$SN_PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 \
		--locale=C --no-sync --no-instructions >"$SN_WORK/log/initdb-$az.log" 2>&1 ||
		sn_die "initdb for $inst failed: $(tail -n 5 "$SN_WORK/log/initdb-$az.log")"
	cat >>"$data/postgresql.conf" <<EOF

# Scalix instance $inst (simnode)
listen_addresses = '$(sn_addr "$inst")'
port = $SN_PG_PORT
unix_socket_directories = '/run/scalix-pg-$az'
max_connections = 20
shared_buffers = 16MB
dynamic_shared_memory_type = sysv
fsync = on
synchronous_commit = on
EOF
	echo "host all all 127.0.0.0/8 trust" >>"$data/pg_hba.conf"
}

sn_populate_tomcat() {
	local inst=$1 base f
	base=$(sn_catalina_base "$inst")
	install -d -o tomcat -g tomcat -m 0755 "$base" "$base/logs" "$base/temp" "$base/work"
	install -d -m 0755 "$base/conf" "$base/bin" "$base/webapps/ROOT"
	install -d -o tomcat -g tomcat -m 0755 "$base/conf/Catalina" "$base/conf/Catalina/localhost"
	for f in catalina.properties logging.properties web.xml jaspic-providers.xml tomcat-users.xml; do
		install -m 0644 "/etc/tomcat10/$f" "$base/conf/$f"
	done
	# Start-up speed: no jar scanning, no session persistence.
	sed -i 's/^tomcat\.util\.scan\.StandardJarScanFilter\.jarsToSkip=.*/&*.jar,\\/' \
		"$base/conf/catalina.properties"
	cat >"$base/conf/context.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Context>
    <WatchedResource>WEB-INF/web.xml</WatchedResource>
    <JarScanner scanClassPath="false" scanManifest="false"/>
    <Manager pathname=""/>
</Context>
EOF
	sn_write_server_xml "$inst" "$SN_SHUTDOWN_PORT"
	cat >"$base/bin/setenv.sh" <<'EOF'
# Scalix instance Tomcat (simnode): small heap, fast start.
CATALINA_OPTS="-Xmx128m -Xms32m -Xss512k -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Djava.security.egd=file:/dev/./urandom"
EOF
	printf '<html><body>scalix simnode instance %s (%s)</body></html>\n' \
		"$inst" "$(sn_addr "$inst")" >"$base/webapps/ROOT/index.html"
}

# The message store and whatever the stand-in daemons want in it.
sn_populate_store() {
	local inst=$1 dir
	dir=$(sn_dir "$inst")
	mkdir -p "$dir/s" "$dir/s/sys" "$dir/s/logs" "$dir/s/temp"
}

# ---------------------------------------------------------------- node files

sn_install_vendor() {
	local inst az
	mkdir -p /etc/rc.d/init.d /etc/sysconfig /etc/opt/scalix /opt/scalix/bin /opt/scalix/diag \
		/opt/scalix-tomcat/bin /opt/scalix-postgres/bin /var/lock/subsys /var/run/scalix-ha
	install -m 0755 "$SIMNODE_SRC"/initscripts/scalix "$SIMNODE_SRC"/initscripts/scalix-postgres \
		"$SIMNODE_SRC"/initscripts/scalix-tomcat /etc/rc.d/init.d/
	install -m 0755 "$SIMNODE_SRC"/sxtomcat/* /opt/scalix-tomcat/bin/
	sn_install_standin
	: >/etc/opt/scalix/instance.cfg
	for inst in $SN_INSTANCES; do
		az=$(sn_az "$inst")
		printf '%s\t%s.%s %s\n' "$(sn_addr "$inst")" "$inst" "$SN_DOMAIN" "$inst" >>/etc/hosts
		[ -s /etc/opt/scalix/instance.cfg ] && echo "#" >>/etc/opt/scalix/instance.cfg
		printf 'OMNAME=%s\nOMHOSTNAME=%s.%s\nOMDATADIR=/var/opt/scalix/%s/s\nOMAUTOSTART=TRUE\n' \
			"$inst" "$inst" "$SN_DOMAIN" "$az" >>/etc/opt/scalix/instance.cfg
	done
	sn_install_connectors
	sn_install_redhat
}

# The Apache connector files the vendor's sxtomcat-create-instance lays for each
# instance; workers.conf as the first install left it (scalix-ha setup lists
# every instance there and adds the Rules Wizard files).
sn_install_connectors() {
	local inst k c=/etc/opt/scalix-tomcat/connector
	mkdir -p "$c/jk" "$c/ajp" /opt/scalix/global/httpd
	printf '# Scalix Rules Wizard (simnode)\nAlias /srw /opt/scalix/srw\n' \
		>/opt/scalix/global/httpd/scalix-web-client.conf
	for inst in $SN_INSTANCES; do
		for k in jk ajp; do
			printf '<VirtualHost %s.%s:80>\n  Include %s/%s/app-%s.*.conf\n</VirtualHost>\n' \
				"$inst" "$SN_DOMAIN" "$c" "$k" "$inst" >"$c/$k/instance-$inst.conf"
		done
		printf 'JkWorkerProperty worker.%s.type=ajp13\nJkWorkerProperty worker.%s.host=%s.%s\nJkWorkerProperty worker.%s.port=%s\n' \
			"$inst" "$inst" "$inst" "$SN_DOMAIN" "$inst" "$SN_AJP_PORT" >>"$c/jk/instance-$inst.conf"
	done
	printf '# mod_jk workers (simnode)\nJkWorkerProperty worker.list=%s\n' "${SN_INSTANCES%% *}" >"$c/jk/workers.conf"
}

# What a Red Hat node has and Debian lacks, inside the node only: chkconfig
# (the stand-in of tests/config, with the vendor scripts enabled at boot, as
# the vendor's installer leaves them), service(8), rpm's database in
# /var/lib/rpm (Debian's rpm keeps it under HOME) when the package comes as
# an RPM or SIMNODE_VENDOR_RPMS names the vendor's: it then holds those (the
# stand-ins of tests/package, built here when not given).
sn_install_redhat() {
	local s
	install -m 0755 "$SIMNODE_TOP/tests/config/bin/chkconfig" /usr/sbin/chkconfig
	install -m 0755 "$SIMNODE_SRC/service" /usr/sbin/service
	for s in scalix-postgres scalix scalix-tomcat; do
		chkconfig --add "$s" || sn_die "chkconfig --add $s"
	done
	mkdir -p /etc/rpm
	echo "%_dbpath /var/lib/rpm" >/etc/rpm/macros
	[ "$SN_PKG_MODE" = rpm ] || [ -n "$SIMNODE_VENDOR_RPMS" ] || return 0
	# An rpm database without scalix-server makes the helper refuse to start
	# (exit 5: Scalix not installed), so it always holds the vendor's packages.
	local rpms=$SIMNODE_VENDOR_RPMS log=$SN_WORK/log/vendor-rpm.log
	if [ -z "$rpms" ]; then
		HOME=$SN_WORK rpmbuild --define "_topdir $SN_WORK/rpmbuild" \
			-bb "$SIMNODE_TOP/tests/package/scalix-standin.spec.in" >"$log" 2>&1 ||
			sn_die "cannot build the vendor stand-in RPMs: $(tail -n 3 "$log")"
		rpms=$SN_WORK/rpmbuild/RPMS/noarch
	fi
	mkdir -p /var/lib/rpm
	{ rpm --initdb && rpm -i --nodeps "$rpms"/scalix-*.rpm; } >>"$log" 2>&1 ||
		sn_die "rpm -i of the vendor stand-ins failed: $(tail -n 3 "$log")"
}

# Stand-in Scalix commands (tests/standin, the other test helper's): symlinked,
# since they find their library and the sxdaemon binary next to themselves.
sn_install_standin() {
	local sb=$SIMNODE_TOP/tests/standin f
	for f in omrc omshut omstat; do
		[ -x "$sb/bin/$f" ] || sn_die "missing stand-in $sb/bin/$f"
		ln -sfn "$sb/bin/$f" "/opt/scalix/bin/$f"
	done
	if [ ! -x "$sb/build/sxdaemon" ] || [ "$sb/sxdaemon.c" -nt "$sb/build/sxdaemon" ]; then
		make -s -C "$sb" build/sxdaemon >"$SN_WORK/log/sxdaemon-make.log" 2>&1 ||
			sn_die "cannot build $sb/build/sxdaemon: $(tail -n 5 "$SN_WORK/log/sxdaemon-make.log")"
	fi
}

# The scalix-ha package, once the storage is there (its set-up edits server.xml
# on it). MODE rpm: rpm -i of SIMNODE_RPM; the package's %post adds the init
# script to chkconfig and runs `scalix-ha setup` (per-instance init names,
# autostart off, unique shutdown ports, connectors, vendor services out of
# boot start). MODE copy: the tree's files where the package puts them, then
# the same two %post commands. Then the node's settings (sn_write_settings).
# Prints what it did on stdout; returns non-zero on failure.
sn_install_package() {
	local mode=${1:-$SN_PKG_MODE} t0 out
	t0=$(ms_now)
	out=$SN_WORK/log/install.log
	: >"$out"
	case "$mode" in
	rpm)
		[ -f "$SIMNODE_RPM" ] || { sn_log "SIMNODE_RPM=$SIMNODE_RPM: no such file"; return 1; }
		rpm -i --nodeps "$SIMNODE_RPM" >>"$out" 2>&1 || {
			sn_log "rpm -i $SIMNODE_RPM failed: $(tail -n 5 "$out")"
			return 1
		}
		echo "rpm -i --nodeps $(basename "$SIMNODE_RPM"): $(rpm -q scalix-ha)"
		;;
	copy)
		[ -x "$SN_HELPER" ] || { sn_log "no helper at $SN_HELPER (run make -C $SIMNODE_TOP)"; return 1; }
		install -m 0755 "$SN_HELPER" /usr/sbin/scalix-ha &&
			install -m 0755 "$SIMNODE_TOP/initscripts/scalix-ha" /etc/rc.d/init.d/scalix-ha &&
			install -m 0644 "$SIMNODE_TOP/sysconfig/scalix-ha" /etc/sysconfig/scalix-ha || return 1
		{ chkconfig --add scalix-ha && scalix-ha -q setup; } >"$out" 2>&1 || {
			sn_log "%post commands failed: $(tail -n 5 "$out")"
			return 1
		}
		echo "copied $SN_HELPER and the tree's init script and settings (not rpm -i); ran chkconfig --add scalix-ha; scalix-ha -q setup"
		;;
	*)
		sn_log "sn_install_package: unknown mode '$mode'"
		return 1
		;;
	esac
	echo "$mode" >/run/simnode-install # for the tests' notes
	sn_write_settings
	echo "installed in $(ms_since "$t0")s; shutdown ports now: mail1 $(sn_server_port mail1), mail2 $(sn_server_port mail2)"
}

# The administrator's edit of the packaged settings: shorter times, and Java
# for the Tomcat scripts. Paths stay the defaults.
sn_write_settings() {
	cat >>/etc/sysconfig/scalix-ha <<EOF

# Simulated node (tests/simnode): shorter times; the Tomcat scripts get Java.
START_TIMEOUT=${SIMNODE_START_TIMEOUT:-90}
STOP_TIMEOUT=${SIMNODE_STOP_TIMEOUT:-10}
KILL_GRACE=${SIMNODE_KILL_GRACE:-3}
CHILD_ENV="JAVA_HOME=$SN_JAVA_HOME CATALINA_HOME=$SN_CATALINA_HOME"
EOF
}

# Builds one instance's storage content (runs in parallel for both).
sn_build_instance() {
	local inst=$1
	sn_storage_create "$inst"
	sn_storage_mount "$inst" || sn_die "cannot mount storage of $inst"
	sn_populate_store "$inst"
	sn_populate_postgres "$inst"
	sn_populate_tomcat "$inst"
	sync -f "$(sn_dir "$inst")" # initdb --no-sync: make it crash-proof now
}

sn_build() {
	local t0 inst pids=() rc=0 p
	t0=$(ms_now)
	sn_setup_ns
	sn_install_vendor
	for inst in $SN_INSTANCES; do
		sn_ip_up "$inst"
		sn_build_instance "$inst" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || rc=1; done
	[ "$rc" = 0 ] || sn_die "node build failed"
	if [ "$SN_INSTALL" = copy ] && [ -z "$SIMNODE_INSTALL" ] && [ ! -x "$SN_HELPER" ]; then
		sn_log "no helper at $SN_HELPER (run make -C $SIMNODE_TOP); node built without it"
	elif [ "$SN_INSTALL" != none ]; then
		sn_install_package "$SN_INSTALL" | sed 's/^/simnode: /' >&2
		[ "${PIPESTATUS[0]}" = 0 ] || sn_die "cannot install the scalix-ha package ($SN_INSTALL)"
	fi
	SIMNODE_BUILD_TIME=$(ms_since "$t0")
	export SIMNODE_BUILD_TIME SIMNODE=1
	sn_log "node built in ${SIMNODE_BUILD_TIME}s"
}

# The bulletin's manual fix of the shutdown ports (what `scalix-ha setup` does),
# for `measure`, which runs the vendor scripts without the helper.
sn_standin_setup_ports() {
	/opt/scalix-tomcat/bin/sxtomcat-modify-instance -p 8006 mail2
}

# ---------------------------------------------------------------- teardown

# Every process of the node but this shell and its ancestors: TERM (+CONT),
# bounded wait, KILL.
sn_node_pids() {
	local p keep=" 1 $$ $BASHPID "
	p=$BASHPID
	while [ "$p" -gt 1 ]; do
		keep+="$p "
		p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null) || break
	done
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		case "$keep" in *" $p "*) continue ;; esac
		[ -r "/proc/$p/stat" ] && echo "$p"
	done
}

# PID lists are split on purpose; eval'd predicates are single-quoted.
# shellcheck disable=SC2086,SC2016
sn_teardown() {
	local rc=$? pids p inst
	trap - EXIT INT TERM HUP
	cd /
	pids=$(sn_node_pids)
	if [ -n "$pids" ]; then
		sn_vlog "teardown: ending" $pids
		kill -TERM $pids 2>/dev/null
		kill -CONT $pids 2>/dev/null
		sn_poll 50 0.1 eval '[ -z "$(sn_node_pids)" ]' ||
			{ pids=$(sn_node_pids) && [ -n "$pids" ] && kill -KILL $pids 2>/dev/null; }
		sn_poll 30 0.1 eval '[ -z "$(sn_node_pids)" ]'
	fi
	for inst in $SN_INSTANCES; do
		mountpoint -q "$(sn_dir "$inst")" && umount "$(sn_dir "$inst")"
		[ -f "$(sn_img "$inst")" ] && for p in $(losetup -j "$(sn_img "$inst")" -O NAME -n); do
			losetup -d "$p"
		done
	done
	rm -rf "$SN_WORK/img"
	exit "$rc"
}

# ---------------------------------------------------------------- CLI

sn_check() {
	local ok=0 t
	t=$(mktemp -d)
	for x in unshare losetup mkfs.ext4 blkid curl psql ss perl setpriv make cc \
		"$SN_PG_BIN/initdb" "$SN_PG_BIN/pg_ctl" "$SN_CATALINA_HOME/bin/catalina.sh" "$SN_JAVA_HOME/bin/java"; do
		command -v "$x" >/dev/null || { echo "missing: $x" && ok=1; }
	done
	id postgres >/dev/null && id tomcat >/dev/null || ok=1
	grep -qw overlay /proc/filesystems || { echo "no overlayfs" && ok=1; }
	if unshare -m --propagation private sh -c "mkdir $t/l $t/u $t/w $t/m &&
		mount -t overlay -o lowerdir=$t/l,upperdir=$t/u,workdir=$t/w simnode-check $t/m &&
		touch $t/m/x && [ -e $t/u/x ]"; then echo "overlayfs: ok"; else echo "overlayfs: FAILED" && ok=1; fi
	rm -rf "$t"
	[ "$ok" = 0 ] && echo "preflight ok"
	return "$ok"
}

sn_measure() {
	local rounds=${1:-2} r inst t0 d
	sn_standin_setup_ports
	echo "node build: ${SIMNODE_BUILD_TIME}s"
	for ((r = 1; r <= rounds; r++)); do
		for inst in $SN_INSTANCES; do
			t0=$(ms_now)
			OMCURRENT=$inst /etc/rc.d/init.d/scalix-postgres start "$inst" >/dev/null || sn_die "pg start $inst"
			sn_poll 300 0.05 sn_pg_ready "$inst" || sn_die "pg of $inst not ready"
			echo "round $r $inst postgresql start: $(ms_since "$t0")s"
			t0=$(ms_now)
			OMCURRENT=$inst /etc/rc.d/init.d/scalix-tomcat start "$inst" >/dev/null || sn_die "tomcat start $inst"
			sn_poll 600 0.05 sn_tomcat_ready "$inst" || sn_die "tomcat of $inst not ready"
			echo "round $r $inst tomcat start: $(ms_since "$t0")s (until HTTP 200 and shutdown port)"
		done
		d=$(grep -ho 'Server startup in \[[0-9]*\] milliseconds' "$(sn_catalina_base mail1)"/logs/catalina.out | tail -n 1)
		echo "round $r mail1 tomcat log: $d"
		for inst in $SN_INSTANCES; do
			t0=$(ms_now)
			OMCURRENT=$inst /etc/rc.d/init.d/scalix-tomcat stop "$inst" >/dev/null || sn_die "tomcat stop $inst"
			echo "round $r $inst tomcat stop: $(ms_since "$t0")s"
			t0=$(ms_now)
			OMCURRENT=$inst /etc/rc.d/init.d/scalix-postgres stop "$inst" >/dev/null || sn_die "pg stop $inst"
			echo "round $r $inst postgresql stop: $(ms_since "$t0")s"
		done
	done
}

sn_main_inside() {
	local cmd=$1 rc
	shift
	trap sn_teardown EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP
	sn_build
	case "$cmd" in
	run)
		# In the background: a trap runs during wait, not during a foreground child.
		"$@" <&0 &
		wait $!
		rc=$?
		;;
	shell)
		PS1='simnode# ' bash --norc -i
		rc=$?
		;;
	measure)
		sn_measure "$@"
		rc=$?
		;;
	esac
	exit "$rc"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	case "$1" in
	__inside)
		shift
		sn_main_inside "$@"
		;;
	run)
		shift
		[ $# -gt 0 ] || sn_die "usage: simnode.sh run CMD [ARG...]"
		sn_enter run "$@"
		;;
	shell | measure) sn_enter "$@" ;;
	check) sn_check ;;
	*)
		sed -n '/^# Usage/,/^# SIMNODE_VERBOSE/s/^# \{0,1\}//p' "$0" >&2
		exit 2
		;;
	esac
fi
