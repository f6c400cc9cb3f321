#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/demo/demo.sh (make demo): scalix-ha on a simulated Scalix node with a
# real PostgreSQL 15 and Tomcat 10, from a fresh Debian 12, as root; then a
# two-node failover under a real Corosync 3 and Pacemaker.
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
#  5. two nodes (tests/demo/cluster.sh, on tests/cluster/lib.sh like
#     `make cluster-test`): each its own PID, mount, UTS and network
#     namespaces, joined by a veth pair with link-local addresses that exist
#     only inside them; Corosync and Pacemaker started by hand, configured
#     from `scalix-ha cluster-conf --format=cib`, the whole cluster from the
#     layout in the settings (the helper from the RPM of step 2; real
#     PostgreSQL 15 and Tomcat 10, the Scalix daemons the test stand-ins);
#     mail1 on node-a, mail2 on node-b; a row committed on node-a; kill -9 of
#     node-a; node-b runs both, the row is there, and the takeover time;
#  6. prints a report: each step, its result and how long it took.
#
# Nothing outside the namespaces changes but the Debian packages and the
# build output under the source tree (build/demo-rpm and build/demo-report
# are removed at the end). The nodes go away on exit, also on ^C or TERM.

# Predicates are single-quoted on purpose: eval expands them when they run.
# shellcheck disable=SC2016
set -u
DEMO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$DEMO_DIR/../.." && pwd)

# ------------------------------------------------------------- on the host

# demo_part sandbox|simnode CMD...: run one part of the demo in the background
# (a trap runs while we poll, not during a foreground child), until it ends.
# On ^C, TERM or HUP (demo_interrupt) the part is asked to tear itself down:
# simnode.sh passes TERM on to its node; a sandbox (tests/lib/sandbox.sh) is
# PID 1 of the namespaces under its unshare, which ignores TERM: the TERM goes
# to that PID 1, and 20 s later a KILL to unshare (--kill-child) ends it all.
demo_part() {
	DEMO_KIND=$1
	shift
	"$@" &
	DEMO_CHILD=$!
	DEMO_TERM_AT=
	while [ -n "$(jobs -rp)" ]; do
		if [ -n "$DEMO_TERM_AT" ] && [ $((SECONDS - DEMO_TERM_AT)) -ge 20 ]; then
			[ "$DEMO_KIND" = sandbox ] && kill -KILL "$DEMO_CHILD" 2>/dev/null
			DEMO_TERM_AT=
		fi
		sleep 0.2
	done
	wait "$DEMO_CHILD"
	DEMO_RC=$?
	DEMO_CHILD=
}

demo_interrupt() {
	local init
	DEMO_INTERRUPTED=1
	[ -n "${DEMO_CHILD:-}" ] && [ -z "$DEMO_TERM_AT" ] || return 0
	DEMO_TERM_AT=$SECONDS
	if [ "$DEMO_KIND" = sandbox ]; then
		init=$(cat "/proc/$DEMO_CHILD/task/$DEMO_CHILD/children" 2>/dev/null)
		# shellcheck disable=SC2086 # a list of PIDs (one)
		[ -n "$init" ] && kill -TERM $init 2>/dev/null
	else
		kill -TERM "$DEMO_CHILD" 2>/dev/null
	fi
}

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
	# Inside the tree: the nodes have their own /tmp.
	DEMO_RECORDS=$TOP/build/demo-report
	export DEMO_RECORDS
	trap 'rm -rf "$DEMO_RPM_DIR" "$DEMO_RECORDS"' EXIT
	rpm=$("$TOP/tests/e2e/build-rpm.sh" "$DEMO_RPM_DIR") || exit 1
	make -s -C "$TOP/tests/standin" || { echo "demo: cannot build the stand-ins" >&2; exit 1; }
	DEMO_BUILD_MSG="built $(basename "$rpm") in $((SECONDS - t0)) s"
	echo "demo: $DEMO_BUILD_MSG"
	: >"$DEMO_RECORDS" || exit 1
	demo_head "host:  $DEMO_DEB_MSG"
	demo_head "       $DEMO_BUILD_MSG"

	DEMO_INTERRUPTED='' DEMO_CHILD='' DEMO_TERM_AT=''
	trap demo_interrupt INT TERM HUP
	demo_section "one node: real PostgreSQL 15 and Tomcat 10, the RPM installed with rpm -i"
	SIMNODE_RPM=$rpm SIMNODE_VENDOR_RPMS=$(dirname "$(dirname "$rpm")")/noarch \
		demo_part simnode "$TOP/tests/simnode/simnode.sh" run "$DEMO_DIR/demo.sh" __inside
	rc=$DEMO_RC
	[ "$rc" = 0 ] || demo_note "the one-node part exited $rc"

	if [ -z "$DEMO_INTERRUPTED" ]; then
		# The helper of the two-node part: the one in the RPM.
		if ! mkdir -p "$DEMO_RPM_DIR/root" ||
			! (cd "$DEMO_RPM_DIR/root" && rpm2cpio "$rpm" | cpio -idm --quiet ./usr/sbin/scalix-ha); then
			echo "demo: cannot take the helper out of $rpm" >&2
			exit 1
		fi
		demo_section "two nodes: Corosync 3 + Pacemaker, real PostgreSQL and Tomcat, configured by cluster-conf"
		SCALIX_HA_BIN=$DEMO_RPM_DIR/root/usr/sbin/scalix-ha \
			demo_part sandbox bash "$DEMO_DIR/cluster.sh"
		[ "$DEMO_RC" = 0 ] || demo_note "the two-node part exited $DEMO_RC"
		[ "$rc" = 0 ] && rc=$DEMO_RC
	fi
	trap - INT TERM HUP
	demo_report "$rc"
	if [ -n "$DEMO_INTERRUPTED" ]; then
		rc=130
	elif [ "$rc" = 0 ]; then
		echo "demo: done; the nodes are gone, the host unchanged"
	fi
	exit "$rc"
}

# The final report, from $DEMO_RECORDS.
demo_report() { # exit code of the parts
	local kind a b c d failed=0
	printf '\n================ scalix-ha demo report ================\n'
	while IFS=$'\t' read -r kind a; do
		[ "$kind" = head ] && printf '%s\n' "$a"
	done <"$DEMO_RECORDS"
	printf '%-68s %9s  %s\n' STEP SECONDS RESULT
	while IFS=$'\t' read -r kind a b c d; do
		case $kind in
		section) printf -- '-- %s\n' "$a" ;;
		step)
			printf '%-68s %9s  %s\n' "${a:0:68}" "$b" "$c"
			[ "$d" = OK ] || failed=1
			;;
		esac
	done <"$DEMO_RECORDS"
	echo
	while IFS=$'\t' read -r kind a; do
		[ "$kind" = note ] && printf '%s\n' "$a"
	done <"$DEMO_RECORDS"
	if [ -n "$DEMO_INTERRUPTED" ]; then
		echo "RESULT: INTERRUPTED after the steps above"
	elif [ "$failed" = 0 ] && [ "$1" = 0 ]; then
		echo "RESULT: every step as expected"
	else
		echo "RESULT: some steps FAILED (see above)"
	fi
	echo "the nodes are torn down: processes ended, storage unmounted, namespaces gone"
}

# ------------------------------------------------------------- in the node

wait_serving_step() {
	local inst=$1 t0
	t0=$(ms_now)
	if sn_poll 600 0.05 eval "sn_http_ok $inst && sn_pg_ready $inst"; then
		record "$inst serves HTTP on $(sn_addr "$inst"):8080 and SQL on :5733" "$(ms_since "$t0")" 0
	else
		record "$inst serves HTTP and SQL" "$(ms_since "$t0")" "not serving after 30 s"
	fi
}

# The kernel log lines since the umount (KLOG) show the image mounted afresh,
# with its journal recovered.
fresh_mount() {
	printf '%s\n' "$KLOG"
	grep -q "mounted filesystem $1" <<<"$KLOG" && grep -q "recovery complete" <<<"$KLOG"
}

demo_inside() {
	local t0 pids row uuid mark
	# shellcheck source=../simnode/simnode.sh
	. "$TOP/tests/simnode/simnode.sh"
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP
	demo_head "node:  built in ${SIMNODE_BUILD_TIME}s (namespaces, two ext4 images, initdb, Tomcat bases)"

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
	t0=$(ms_now)
	# shellcheck disable=SC2086 # a list of PIDs
	kill -KILL $pids 2>/dev/null
	sn_poll 50 0.1 eval '[ -z "$(sn_pids_using "$(sn_dir mail1)")" ]'
	record "kill -9 of mail1's $(wc -w <<<"$pids") processes" "$(ms_since "$t0")" \
		"$([ -z "$(sn_pids_using "$(sn_dir mail1)")" ] && echo 0 || echo 'some survived')"
	step "power cut on mail1's storage (ext4 shut down, journal not flushed)" sn_storage_powercut mail1
	sn_ip_down mail1
	mark=$(dmesg | wc -l)
	step "umount /var/opt/scalix/m1 (the node is gone)" sn_storage_umount mail1
	step "mail2 still serves" eval 'sn_http_ok mail2 && sn_pg_ready mail2 && echo "mail2 serves HTTP and SQL"'

	echo
	echo "=== takeover of mail1 (what the cluster does on the surviving node)"
	t0=$(ms_now)
	step "mount the image again (fs resource)" sn_storage_mount mail1
	step "bring up 127.0.1.1 (ip resource)" sn_ip_up mail1
	uuid=$(sn_storage_uuid mail1)
	KLOG=$(dmesg | tail -n +"$((mark + 1))" | grep -F EXT4-fs)
	step "kernel log: fresh mount of $(findmnt -n -o SOURCE "$(sn_dir mail1)"), journal recovered" fresh_mount "$uuid"
	step "stale pid files left by the crash" eval 'echo "tomcat.pid: $(cat "$(sn_tomcat_pidfile mail1)" 2>&1)"; echo "postmaster.pid: $(head -n 1 "$(sn_pgdata mail1)/postmaster.pid" 2>&1)"'
	step "service scalix-ha start mail1 (over the stale pid files)" service scalix-ha start mail1
	wait_serving_step mail1
	TAKEOVER=$(ms_since "$t0")
	demo_note "one node: takeover of mail1 (storage mounted to serving HTTP+SQL): ${TAKEOVER}s"
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

# shellcheck source=steps.sh
. "$DEMO_DIR/steps.sh"
if [ "${1:-}" = __inside ]; then
	demo_inside
else
	demo_host
fi
