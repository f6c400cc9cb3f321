#!/bin/bash
# tests/demo/demo.sh (make demo): scalix-ha on a simulated Scalix node with a
# real PostgreSQL 15 and Tomcat 10, from a fresh Debian 12, as root.
#
#  1. installs the Debian packages it needs (tools/install-deps: apt-get,
#     skipped when dpkg says they are all there);
#  2. builds the helper's RPM (tests/e2e/build-rpm.sh) and the stand-ins;
#  3. builds a simulated node (tests/simnode/simnode.sh: private namespaces,
#     loopback addresses 127.0.1.1 and 127.0.1.2 only, an ext4 image per
#     instance) and installs the package in it with rpm -i;
#  4. walks through: service scalix-ha start mail1, start mail2, status, list,
#     a crash of mail1 (kill -9 of all its processes, power cut on its storage)
#     and its takeover (storage mounted again, journal recovered, scalix-ha
#     start over the stale pid files), then stop;
#  5. prints a report: each step, its result and how long it took.
#
# Nothing outside the node changes but the Debian packages and the build
# output under the source tree (build/demo-rpm is removed at the end). The
# node goes away on exit, also on ^C or TERM.

# Predicates are single-quoted on purpose: eval expands them when they run.
# shellcheck disable=SC2016
set -u
DEMO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$DEMO_DIR/../.." && pwd)

# ------------------------------------------------------------- on the host

demo_host() {
	local t0 rpm rc
	[ "$(id -u)" = 0 ] || { echo "demo: must run as root (it builds private namespaces and loop mounts)" >&2; exit 2; }
	t0=$SECONDS
	# The project's one list of Debian packages; quick when all are there.
	"$TOP/tools/install-deps" || { echo "demo: installing the Debian packages failed" >&2; exit 1; }
	DEMO_DEB_MSG="Debian packages checked (tools/install-deps) in $((SECONDS - t0)) s"
	echo "demo: $DEMO_DEB_MSG"
	"$TOP/tests/simnode/simnode.sh" check >/dev/null || {
		"$TOP/tests/simnode/simnode.sh" check >&2
		exit 1
	}

	t0=$SECONDS
	echo "demo: building the scalix-ha RPM"
	DEMO_RPM_DIR=$TOP/build/demo-rpm
	trap 'rm -rf "$DEMO_RPM_DIR"' EXIT
	rpm=$("$TOP/tests/e2e/build-rpm.sh" "$DEMO_RPM_DIR") || exit 1
	DEMO_BUILD_MSG="built $(basename "$rpm") in $((SECONDS - t0)) s"
	echo "demo: $DEMO_BUILD_MSG"

	# simnode.sh forwards TERM, INT and HUP to the node, which tears itself down.
	SIMNODE_RPM=$rpm SIMNODE_VENDOR_RPMS=$(dirname "$(dirname "$rpm")")/noarch \
		DEMO_DEB_MSG=$DEMO_DEB_MSG DEMO_BUILD_MSG=$DEMO_BUILD_MSG \
		"$TOP/tests/simnode/simnode.sh" run "$DEMO_DIR/demo.sh" __inside &
	DEMO_NODE=$!
	trap 'kill -TERM "$DEMO_NODE" 2>/dev/null' INT TERM HUP
	while :; do
		wait "$DEMO_NODE"
		rc=$?
		# wait returns early (> 128) when a trapped signal arrives.
		kill -0 "$DEMO_NODE" 2>/dev/null || break
	done
	[ "$rc" = 0 ] && echo "demo: done; the node is gone, the host unchanged"
	exit "$rc"
}

# ------------------------------------------------------------- in the node

step_names=() step_secs=() step_results=()
FAILED=0

# step "NAME" CMD...: run, time, record; output indented.
step() {
	local name=$1 t0 rc
	shift
	printf '\n>>> %s\n    $ %s\n' "$name" "$*"
	t0=$(sn_ms)
	"$@" 2>&1 | sed 's/^/    | /'
	rc=${PIPESTATUS[0]}
	record "$name" "$(sn_since "$t0")" "$rc"
	return "$rc"
}

# record NAME SECONDS RC|TEXT
record() {
	local r=$3
	case $r in
	0) r=ok ;;
	[0-9]*) r="exit $r"; FAILED=1 ;;
	esac
	step_names+=("$1") step_secs+=("$2") step_results+=("$r")
	printf '    -> %s (%ss)\n' "$r" "$2"
}

# expect WANT NAME CMD...: a step whose exit code must be WANT.
expect() {
	local want=$1 name=$2 rc saved=$FAILED
	shift 2
	step "$name" "$@"
	rc=$?
	if [ "$rc" = "$want" ]; then
		FAILED=$saved
		step_results[-1]="exit $rc, as expected"
	else
		FAILED=1
		step_results[-1]="exit $rc, want $want"
	fi
	return 0
}

wait_serving_step() {
	local inst=$1 t0
	t0=$(sn_ms)
	if sn_poll 600 0.05 eval "sn_http_ok $inst && sn_pg_ready $inst"; then
		record "$inst serves HTTP on $(sn_addr "$inst"):8080 and SQL on :5733" "$(sn_since "$t0")" 0
	else
		record "$inst serves HTTP and SQL" "$(sn_since "$t0")" "not serving after 30 s"
		FAILED=1
	fi
}

# The kernel log lines since the umount (KLOG) show the image mounted afresh,
# with its journal recovered.
fresh_mount() {
	printf '%s\n' "$KLOG"
	grep -q "mounted filesystem $1" <<<"$KLOG" && grep -q "recovery complete" <<<"$KLOG"
}

report() {
	local i
	trap - EXIT INT TERM HUP
	printf '\n================ scalix-ha demo report ================\n'
	printf 'host:  %s\n       %s\n' "${DEMO_DEB_MSG:-}" "${DEMO_BUILD_MSG:-}"
	printf 'node:  built in %ss (namespaces, two ext4 images, initdb, Tomcat bases)\n' "$SIMNODE_BUILD_TIME"
	printf '%-68s %9s  %s\n' STEP SECONDS RESULT
	for i in "${!step_names[@]}"; do
		printf '%-68s %9s  %s\n' "${step_names[i]:0:68}" "${step_secs[i]}" "${step_results[i]}"
	done
	[ -n "${TAKEOVER:-}" ] && printf '\ntakeover of mail1 (storage mounted to serving HTTP+SQL): %ss\n' "$TAKEOVER"
	if [ -n "${INTERRUPTED:-}" ]; then
		echo "RESULT: INTERRUPTED after the steps above"
	elif [ "$FAILED" = 0 ]; then
		echo "RESULT: every step as expected"
	else
		echo "RESULT: some steps FAILED (see above)"
	fi
	echo "the node is torn down now: processes ended, images unmounted"
}

demo_inside() {
	local t0 pids row uuid mark
	# shellcheck source=../simnode/simnode.sh
	. "$TOP/tests/simnode/simnode.sh"
	trap 'INTERRUPTED=1; report; exit 130' INT
	trap 'INTERRUPTED=1; report; exit 143' TERM HUP
	trap report EXIT

	echo "=== the simulated node: mail1 on 127.0.1.1, mail2 on 127.0.1.2, storage on loop-mounted ext4 images"
	step "rpm -qa 'scalix*' (package installed by rpm -i; %post ran setup)" rpm -qa 'scalix*'
	step "scalix-ha check (the vendor's cluster set-up is done)" scalix-ha check

	step "service scalix-ha start mail1" service scalix-ha start mail1
	wait_serving_step mail1
	step "service scalix-ha start mail2" service scalix-ha start mail2
	wait_serving_step mail2
	step "service scalix-ha status (every mounted instance)" service scalix-ha status
	step "scalix-ha list" scalix-ha list
	step "curl http://127.0.1.1:8080/ and http://127.0.1.2:8080/" \
		eval 'curl -fsS -m 5 http://127.0.1.1:8080/ && curl -fsS -m 5 http://127.0.1.2:8080/'
	step "commit a row in mail1's PostgreSQL (127.0.1.1:5733)" \
		sn_psql mail1 "create table demo (id int primary key, note text);
			insert into demo values (1, 'committed before the crash') returning *"

	echo
	echo "=== crash of mail1: kill -9 of every process on its storage, power cut, storage and address gone"
	sync -f "$(sn_dir mail1)" # tomcat.pid and the like on disk, as after ext4's 5 s commit
	pids=$(sn_pids_using "$(sn_dir mail1)" | tr '\n' ' ')
	t0=$(sn_ms)
	# shellcheck disable=SC2086 # a list of PIDs
	kill -KILL $pids 2>/dev/null
	sn_poll 50 0.1 eval '[ -z "$(sn_pids_using "$(sn_dir mail1)")" ]'
	record "kill -9 of mail1's $(wc -w <<<"$pids") processes" "$(sn_since "$t0")" \
		"$([ -z "$(sn_pids_using "$(sn_dir mail1)")" ] && echo 0 || echo 'some survived')"
	step "power cut on mail1's storage (ext4 shut down, journal not flushed)" sn_storage_powercut mail1
	sn_ip_down mail1
	mark=$(dmesg | wc -l)
	step "umount /var/opt/scalix/m1 (the node is gone)" sn_storage_umount mail1
	step "mail2 still serves" eval 'sn_http_ok mail2 && sn_pg_ready mail2 && echo "mail2 serves HTTP and SQL"'

	echo
	echo "=== takeover of mail1 (what the cluster does on the surviving node)"
	t0=$(sn_ms)
	step "mount the image again (fs resource)" sn_storage_mount mail1
	step "bring up 127.0.1.1 (ip resource)" sn_ip_up mail1
	uuid=$(sn_storage_uuid mail1)
	KLOG=$(dmesg | tail -n +"$((mark + 1))" | grep -F EXT4-fs)
	step "kernel log: fresh mount of $(findmnt -n -o SOURCE "$(sn_dir mail1)"), journal recovered" fresh_mount "$uuid"
	step "stale pid files left by the crash" eval 'echo "tomcat.pid: $(cat "$(sn_tomcat_pidfile mail1)" 2>&1)"; echo "postmaster.pid: $(head -n 1 "$(sn_pgdata mail1)/postmaster.pid" 2>&1)"'
	step "service scalix-ha start mail1 (over the stale pid files)" service scalix-ha start mail1
	wait_serving_step mail1
	TAKEOVER=$(sn_since "$t0")
	row=$(sn_psql mail1 "select note from demo where id = 1" 2>&1)
	record "the committed row is there: '$row'" 0.000 "$([ "$row" = 'committed before the crash' ] && echo 0 || echo 'row lost')"

	echo
	echo "=== stop"
	step "service scalix-ha stop (every mounted instance)" service scalix-ha stop
	expect 3 "service scalix-ha status (3: stopped)" service scalix-ha status
	step "no process left on either instance's storage" \
		eval '[ -z "$(sn_pids_using /var/opt/scalix/m1)$(sn_pids_using /var/opt/scalix/m2)" ] && echo "none"'
	exit "$FAILED"
}

if [ "${1:-}" = __inside ]; then
	demo_inside
else
	demo_host
fi
