# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Test sandbox: a test re-executes itself in private mount, network and PID
# namespaces, then lays a throw-away tmpfs layer over every system directory
# the helper and the vendor scripts write. Nothing reaches the host:
#  - mounts stay in the private mount namespace;
#  - /etc, /var/opt, /run (so /var/run, /var/lock), /usr/sbin and /opt are
#    overlays whose upper layer is a tmpfs that vanishes with the namespace;
#  - the network namespace has only its own loopback (ports 8005... are ours);
#  - the PID namespace holds only what the test started, and every process
#    in it dies with the test (the test shell is its PID 1).
#
# Usage in a test:
#	. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
#	sbx_enter "$@"
#	sbx_setup
#	sbx_registry mail1 mail2
#	sbx_instance mail1 8005
#	...

SBX_TOP=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
SBX_STANDIN=$SBX_TOP/tests/standin
SBX_BIN=${SCALIX_HA_BIN:-$SBX_TOP/scalix-ha}
SBX_SCRATCH=/dev/shm/sbx
SBX_OVERLAID="/etc /var/opt /run /usr/sbin /opt"
SBX_TRACKED=()

# rgmanager's environment, exactly (REFERENCE.md §2): nothing else survives.
SBX_RG_PATH=/bin:/sbin:/usr/bin:/usr/sbin

sbx_log() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
}

sbx_fatal() {
	sbx_log "fatal: $*"
	exit 1
}

# Re-run the calling script inside fresh namespaces (once), then arm the
# cleanup trap. Exits 77 (skip) when the namespaces cannot be had.
sbx_enter() {
	local self
	if [ "${SBX_INSIDE:-}" != 1 ]; then
		[ "$(id -u)" = 0 ] || {
			sbx_log "skip: needs root (mount, network and PID namespaces)"
			exit 77
		}
		self=$(readlink -f "$0")
		exec env SBX_INSIDE=1 unshare --mount --propagation private \
			--net --pid --fork --kill-child --mount-proc \
			-- bash "$self" "$@"
	fi
	[ "$$" = 1 ] || sbx_fatal "expected to be PID 1 of a new PID namespace"
	trap sbx_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	cd / || exit 1
}

# Every process of the namespace but ourselves was started by this test:
# end them by PID (the namespace would take them with it anyway).
sbx_cleanup() {
	local rc=$? p pids=()
	trap - EXIT
	for p in "${SBX_TRACKED[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" = 1 ] || pids+=("$p")
	done
	if [ "${#pids[@]}" -gt 0 ]; then
		kill -KILL "${pids[@]}" 2>/dev/null
	fi
	exit "$rc"
}

# Remember a process the test started itself (sleep 1000 and the like).
sbx_track() {
	SBX_TRACKED+=("$@")
}

sbx_overlay() {
	local d=$1 n
	n=${d//\//_}
	mkdir -p "$SBX_SCRATCH/$n/upper" "$SBX_SCRATCH/$n/work"
	if mount -t overlay "sbx$n" \
		-o "lowerdir=$d,upperdir=$SBX_SCRATCH/$n/upper,workdir=$SBX_SCRATCH/$n/work" \
		"$d" 2>/dev/null; then
		return 0
	fi
	# No overlayfs: a tmpfs copy of the small ones, an empty tmpfs for
	# /opt and /var/opt (nothing of theirs is needed).
	case $d in
	/opt | /var/opt)
		mount -t tmpfs -o mode=755 "sbx$n" "$d"
		;;
	*)
		mkdir -p "$SBX_SCRATCH/$n/copy"
		cp -a "$d/." "$SBX_SCRATCH/$n/copy/" &&
			mount --bind "$SBX_SCRATCH/$n/copy" "$d"
		;;
	esac || sbx_fatal "cannot lay a scratch layer over $d"
}

# Scratch layers, loopback, stand-ins, the helper, default settings.
sbx_setup() {
	local d s
	ip link set lo up || sbx_fatal "cannot bring up the loopback"
	mount -t tmpfs -o mode=755 sbx-scratch /dev/shm ||
		sbx_fatal "cannot mount the scratch tmpfs"
	mkdir -p "$SBX_SCRATCH"
	for d in $SBX_OVERLAID; do
		[ -d "$d" ] || sbx_fatal "$d is missing on this host"
		sbx_overlay "$d"
	done

	[ -x "$SBX_STANDIN/build/sxdaemon" ] ||
		make -s -C "$SBX_STANDIN" >&2 ||
		sbx_fatal "cannot build the stand-in daemon"
	mkdir -p /etc/rc.d/init.d /etc/sysconfig /etc/opt/scalix \
		/opt/scalix/bin /var/opt/scalix /run/lock/subsys
	for s in scalix-postgres scalix scalix-tomcat; do
		ln -sfn "$SBX_STANDIN/initd/$s" "/etc/rc.d/init.d/$s"
	done
	for s in omrc omshut omstat; do
		ln -sfn "$SBX_STANDIN/bin/$s" "/opt/scalix/bin/$s"
	done
	# shellcheck disable=SC2119 # the defaults alone
	sbx_settings
}

# The helper installed as the package would: the binary in /usr/sbin, the
# init wrapper when the tree has one, and scalix-ha-INSTANCE symlinks (to the
# binary) for the cluster managers.
sbx_install_helper() {
	local i
	[ -x "$SBX_BIN" ] || sbx_fatal "no helper binary at $SBX_BIN (run make first)"
	install -m 0755 "$SBX_BIN" /usr/sbin/scalix-ha
	if [ -f "$SBX_TOP/initscripts/scalix-ha" ]; then
		install -m 0755 "$SBX_TOP/initscripts/scalix-ha" /etc/rc.d/init.d/scalix-ha
	fi
	for i in "$@"; do
		ln -sfn /usr/sbin/scalix-ha "/etc/rc.d/init.d/scalix-ha-$i"
	done
}

# The OCF agent as the package installs it: /usr/lib/ocf/resource.d/scalix/
# instance, a relative link to the helper (in an overlay of /usr/lib/ocf).
SBX_OCF_AGENT=/usr/lib/ocf/resource.d/scalix/instance
sbx_install_ocf_agent() {
	sbx_overlay /usr/lib/ocf
	mkdir -p "${SBX_OCF_AGENT%/*}"
	ln -sfn ../../../../sbin/scalix-ha "$SBX_OCF_AGENT"
}

# /etc/sysconfig/scalix-ha: short bounds, then any KEY=value given.
# shellcheck disable=SC2120 # tests pass arguments
# A start's bound leaves room for a loaded machine (ASan, 2 cores); stops are
# kept short, since their bound is what the tests measure.
SBX_START_TIMEOUT=10
sbx_settings() {
	{
		echo "# written by ${0##*/}"
		echo "START_TIMEOUT=$SBX_START_TIMEOUT"
		echo "STOP_TIMEOUT=2"
		echo "STATUS_TIMEOUT=2"
		echo "KILL_GRACE=1"
		printf '%s\n' "$@"
	} >/etc/sysconfig/scalix-ha
}

sbx_az() {
	printf '%s%s\n' "${1:0:1}" "${1: -1:1}"
}

sbx_instdir() {
	printf '/var/opt/scalix/%s\n' "$(sbx_az "$1")"
}

# /etc/opt/scalix/instance.cfg with one record per name, as in the seed.
# Each host name resolves (/etc/hosts, as the bulletin has it) to a loopback
# address of its own: 127.0.0.21 for the first instance named, then .22...,
# where its stand-in servers listen and the readiness probes look.
sbx_registry() {
	local i
	for i in "$@"; do
		printf 'OMNAME=%s\nOMHOSTNAME=%s.scalixdemo.com\nOMDATADIR=%s/s\nOMAUTOSTART=FALSE\n#\n' \
			"$i" "$i" "$(sbx_instdir "$i")"
	done >/etc/opt/scalix/instance.cfg
	for i in "$@"; do
		grep -q "[[:space:]]$i\.scalixdemo\.com[[:space:]]" /etc/hosts && continue
		printf '127.0.0.%d\t%s.scalixdemo.com %s # sbx\n' \
			$((21 + $(grep -c '# sbx$' /etc/hosts))) "$i" "$i" >>/etc/hosts
	done
}

# The loopback address sbx_registry gave the instance NAME.
sbx_addr() {
	awk -v h="$1.scalixdemo.com" '$2 == h { print $1; exit }' /etc/hosts
}

# sbx_instance NAME [SHUTDOWN_PORT]: the instance's shared storage mounted
# (a tmpfs) and laid out as the installer leaves it.
sbx_instance() {
	local dir
	dir=$(sbx_instdir "$1")
	mkdir -p "$dir"
	mount -t tmpfs -o mode=755,size=64m "sbx-$1" "$dir" ||
		sbx_fatal "cannot mount $dir"
	sbx_skeleton "$1" "${2:-8005}"
}

sbx_skeleton() {
	local dir
	dir=$(sbx_instdir "$1")
	mkdir -p "$dir/s/sys" "$dir/s/logs" "$dir/postgres/data" \
		"$dir/tomcat/conf" "$dir/tomcat/logs" "$dir/tomcat/webapps"
	chmod 700 "$dir/postgres/data"
	cat >"$dir/tomcat/conf/server.xml" <<-EOF
		<?xml version='1.0' encoding='utf-8'?>
		<Server port="${2:-8005}" shutdown="SHUTDOWN">
		  <Service name="Catalina">
		    <Connector port="8080" address="$1.scalixdemo.com" protocol="HTTP/1.1"/>
		    <Connector port="8009" address="$1.scalixdemo.com" protocol="AJP/1.3"/>
		  </Service>
		</Server>
	EOF
}

# sbx_fault NAME KNOB [VALUE]: set a stand-in fault knob (tests/standin/README).
sbx_fault() {
	local dir
	dir=$(sbx_instdir "$1")/.fault
	mkdir -p "$dir"
	printf '%s\n' "${3:-}" >"$dir/$2"
}

sbx_unfault() {
	rm -f "$(sbx_instdir "$1")/.fault/$2"
}

# --- looking at processes, independently of the helper ---------------------

# True when PID is alive and not a zombie.
sbx_alive() {
	local st
	[ -r "/proc/$1/status" ] || return 1
	st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# kill -9 PID, then wait (at most 5 s) until it is dead: a signal is
# delivered asynchronously, and a loaded machine may run the next command first.
sbx_kill9() {
	local i
	kill -9 "$@" 2>/dev/null
	for ((i = 0; i < 500; i++)); do
		local p live=
		for p in "$@"; do sbx_alive "$p" && live=1; done
		[ -z "$live" ] && return 0
		sleep 0.01
	done
	sbx_log "sbx_kill9: $* still alive after 5 s"
}

# PIDs (sorted, one a line) of live processes whose cwd, root, exe, an open
# file or a mapping is DIR or below it. Ourselves excluded.
sbx_pids_using() {
	local dir=${1%/} p pid f l hit
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ "$pid" = 1 ] && continue
		[ "$pid" = "$BASHPID" ] && continue
		sbx_alive "$pid" || continue
		hit=
		for f in "$p/cwd" "$p/root" "$p/exe" "$p"/fd/*; do
			l=$(readlink "$f" 2>/dev/null) || continue
			l=${l% (deleted)}
			case $l in "$dir" | "$dir"/*) hit=1; break ;; esac
		done
		if [ -z "$hit" ] && awk -v d="$dir" '$6 == d || index($6, d "/") == 1 { f = 1 } END { exit !f }' \
			"$p/maps" 2>/dev/null; then
			hit=1
		fi
		[ -n "$hit" ] && echo "$pid"
	done | sort -n
}

# The instance's processes: sorted PIDs of everything using its directory.
sbx_instance_pids() {
	sbx_pids_using "$(sbx_instdir "$1")"
}

# Sorted PIDs of live processes with this command name (/proc/PID/comm).
sbx_pids_named() {
	local p pid
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ "$(cat "$p/comm" 2>/dev/null)" = "$1" ] || continue
		sbx_alive "$pid" && echo "$pid"
	done | sort -n
}

# "PID comm cwd" lines for a failure report.
sbx_ps() {
	local p pid
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		sbx_alive "$pid" || continue
		printf '%s %s %s\n' "$pid" "$(cat "$p/comm" 2>/dev/null)" \
			"$(readlink "$p/cwd" 2>/dev/null)"
	done
}

# --- calling the helper -----------------------------------------------------

# Captured results of the last sbx_run: $SBX_RC, files $SBX_OUT and $SBX_ERR,
# elapsed milliseconds in $SBX_MS.
SBX_OUT=/dev/shm/sbx/out
SBX_ERR=/dev/shm/sbx/err

sbx_run() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >"$SBX_OUT" 2>"$SBX_ERR" </dev/null
	SBX_RC=$?
	t1=$(date +%s%N)
	SBX_MS=$(((t1 - t0) / 1000000))
	sbx_log "$(printf '%q ' "$@")-> exit $SBX_RC in $SBX_MS ms"
	return 0
}

# An administrator's call: `scalix-ha ARGS...` from a login-like environment.
sbx_ha() {
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C TERM=dumb \
		/usr/sbin/scalix-ha "$@"
}

# rgmanager's call of <script file="/etc/rc.d/init.d/scalix-ha-INSTANCE">:
# one argument, the environment replaced.
sbx_rg() {
	local inst=$1 verb=$2
	env -i PATH="$SBX_RG_PATH" LC_ALL=C LANG=C \
		OCF_RESKEY_name="scalix-ha-$inst" \
		OCF_RESKEY_file="/etc/rc.d/init.d/scalix-ha-$inst" \
		OCF_RESKEY_service_name="$inst" \
		OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=0 \
		OCF_ROOT=/usr/share/cluster \
		OCF_RESOURCE_INSTANCE="scalix-ha-$inst" \
		OCF_RESOURCE_TYPE=script OCF_CHECK_LEVEL=0 \
		"/etc/rc.d/init.d/scalix-ha-$inst" "$verb"
}

# --- checks -----------------------------------------------------------------

SBX_FAILED=0

sbx_fail() {
	SBX_FAILED=$((SBX_FAILED + 1))
	printf 'FAIL: %s\n' "$*" >&2
}

# Show what the last sbx_run printed.
sbx_dump() {
	{
		echo "  --- stdout:"
		sed 's/^/  | /' "$SBX_OUT"
		echo "  --- stderr:"
		sed 's/^/  | /' "$SBX_ERR"
		echo "  --- exit $SBX_RC after ${SBX_MS} ms"
	} >&2
}

# sbx_expect_rc N WHAT: the last sbx_run exited N.
sbx_expect_rc() {
	if [ "$SBX_RC" != "$1" ]; then
		sbx_fail "$2: exit $SBX_RC, expected $1"
		sbx_dump
		return 1
	fi
}

# sbx_expect_eq ACTUAL EXPECTED WHAT
sbx_expect_eq() {
	if [ "$1" != "$2" ]; then
		sbx_fail "$3: got '$1', expected '$2'"
		return 1
	fi
}

# sbx_expect_empty VALUE WHAT
sbx_expect_empty() {
	if [ -n "$1" ]; then
		sbx_fail "$2: got '$(printf '%s' "$1" | tr '\n' ' ')', expected nothing"
		sbx_ps | sed 's/^/  ps: /' >&2
		return 1
	fi
}

sbx_expect_nonempty() {
	if [ -z "$1" ]; then
		sbx_fail "$2: got nothing"
		return 1
	fi
}

# sbx_expect_count VALUE N WHAT: VALUE has N non-empty lines.
sbx_expect_count() {
	local n
	n=$(printf '%s\n' "$1" | grep -c .)
	if [ "$n" != "$2" ]; then
		sbx_fail "$3: $n, expected $2 ($(printf '%s' "$1" | tr '\n' ' '))"
		return 1
	fi
}

# sbx_expect_stderr_has TEXT WHAT: the last sbx_run's stderr contains TEXT.
sbx_expect_stderr_has() {
	if ! grep -qF -- "$1" "$SBX_ERR"; then
		sbx_fail "$2: stderr lacks '$1'"
		sbx_dump
		return 1
	fi
}

# sbx_expect_ms_at_most N WHAT: the last sbx_run took at most N ms.
sbx_expect_ms_at_most() {
	if [ "$SBX_MS" -gt "$1" ]; then
		sbx_fail "$2: took $SBX_MS ms, bound $1 ms"
		sbx_dump
		return 1
	fi
}

# The instance runs completely: the four vendor processes, one of each.
sbx_expect_running() {
	local inst=$1 what=$2 dir pids n
	dir=$(sbx_instdir "$inst")
	pids=$(sbx_instance_pids "$inst")
	for n in postmaster omctrl omscan java; do
		sbx_expect_count "$(for p in $pids; do
			[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$n" ] && echo "$p"
		done)" 1 "$what: $n processes of $inst" || sbx_ps | sed 's/^/  ps: /' >&2
	done
}

# Nothing of the instance is left: no process uses its directory.
sbx_expect_stopped() {
	sbx_expect_empty "$(sbx_instance_pids "$1")" "$2: processes left using $(sbx_instdir "$1")"
}

# End of a test: the exit code reports whether any check failed.
sbx_done() {
	[ "$SBX_FAILED" -eq 0 ] || sbx_log "$SBX_FAILED check(s) failed"
	[ "$SBX_FAILED" -eq 0 ]
	exit
}
