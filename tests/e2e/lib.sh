# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# tests/e2e/lib.sh: what every end-to-end test sources. The tests run inside a
# simulated node (tests/simnode/simnode.sh run ...), as tests/e2e/run.sh does.
# Output is TAP-like: "ok - ..." / "not ok - ..." lines are what run.sh counts,
# "# ..." lines are notes and measurements.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../simnode/simnode.sh
. "$E2E_DIR/../simnode/simnode.sh"

if [ "$SIMNODE" != 1 ]; then
	echo "not ok - $0 must run inside a simulated node: tests/e2e/run.sh" >&2
	exit 2
fi
# "# simnode-install: none" in a test: it installs the package itself.
[ "$SN_INSTALL" = none ] || [ -x /usr/sbin/scalix-ha ] || {
	echo "not ok - no /usr/sbin/scalix-ha in the node (tests/e2e/run.sh installs it)"
	exit 1
}

E2E_FAILED=0
E2E_OUT=$SN_WORK/e2e.out # output of the last run_cmd

ok() { echo "ok - $*"; }
not_ok() {
	echo "not ok - $*"
	E2E_FAILED=1
}
note() { echo "# $*"; }
measured() { echo "# measured: $*"; }

# check DESCRIPTION CMD...: one test point.
check() {
	local d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# The output of the last run_cmd, indented as notes.
show_out() {
	sed 's/^/#   | /' "$E2E_OUT"
}

# run_cmd CMD...: run, keep output in $E2E_OUT, set RC and SECS; print the
# exact command, its exit code and time.
run_cmd() {
	local t0
	t0=$(ms_now)
	"$@" >"$E2E_OUT" 2>&1
	RC=$?
	SECS=$(ms_since "$t0")
	note "\$ $* -> exit $RC in ${SECS}s"
}

# check_rc WANT DESCRIPTION: after run_cmd; the output is shown when it fails.
check_rc() {
	if [ "$RC" = "$1" ]; then
		ok "$2 (exit $RC)"
	else
		not_ok "$2: exit $RC, want $1"
		show_out
	fi
}

# As rgmanager's script resource runs it: one argument, the environment replaced.
ha_rg() {
	local inst=$1 verb=$2
	env -i PATH=/bin:/sbin:/usr/bin:/usr/sbin LC_ALL=C LANG=C \
		OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=0 OCF_ROOT=/usr/share/cluster \
		OCF_RESOURCE_TYPE=script OCF_RESOURCE_INSTANCE="scalix-ha-$inst" \
		OCF_RESKEY_name="scalix-ha-$inst" OCF_RESKEY_file="/etc/rc.d/init.d/scalix-ha-$inst" \
		OCF_RESKEY_service_name="$inst" OCF_CHECK_LEVEL=0 \
		"/etc/rc.d/init.d/scalix-ha-$inst" "$verb"
}

# As an administrator types it.
ha() { /usr/sbin/scalix-ha "$@"; }

# The settings the node's helper runs with (for bounds).
setting() { sed -n "s/^$1=//p" /etc/sysconfig/scalix-ha | tail -n 1; }

# Every process of the instance: the ones using its storage.
pids_of() { sn_pids_using "$(sn_dir "$1")"; }

# "PID command" lines, to compare PID sets across an action.
snapshot() {
	local p
	for p in $(pids_of "$1"); do
		printf '%s %s\n' "$p" "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-100)"
	done
}

# survivors SNAPSHOT: the snapshot lines whose PID is gone. PostgreSQL's
# autovacuum workers come and go on their own: not counted.
gone_from() {
	local pid cmd
	while read -r pid cmd; do
		[ -n "$pid" ] || continue
		sn_alive "$pid" && continue
		case "$cmd" in *"autovacuum worker"*) continue ;; esac
		echo "$pid $cmd"
	done <<<"$1"
}

tomcat_pid() { head -n 1 "$(sn_tomcat_pidfile "$1")" 2>/dev/null; }
postmaster_pid() { head -n 1 "$(sn_pgdata "$1")/postmaster.pid" 2>/dev/null; }

serving() { sn_http_ok "$1" && sn_pg_ready "$1"; }

# wait_serving INSTANCE [SECONDS]: HTTP from Tomcat and SQL from PostgreSQL on
# the instance address, polled.
wait_serving() { sn_poll $((${2:-30} * 10)) 0.1 serving "$1"; }

# Nothing of the instance is left: no process uses its storage.
nothing_left() {
	local left
	left=$(pids_of "$1")
	[ -z "$left" ] && return 0
	note "still using $(sn_dir "$1"):"
	# shellcheck disable=SC2086 # a list of PIDs
	sn_show_pids $left | sed 's/^/#   /'
	return 1
}

# wait_dead PID SECONDS
wait_dead() { sn_poll $(($2 * 10)) 0.1 eval '! sn_alive '"$1"; }

# How the package got onto the node, and that its set-up (the %post's
# `scalix-ha setup`) gave the instances distinct shutdown ports.
check_installed() {
	# (No rpm -q without an rpm database: it would create an empty one, and
	# an rpm database without scalix-server makes the helper refuse to start.)
	if [ "$(cat /run/simnode-install 2>/dev/null)" = rpm ]; then
		note "package: $(rpm -q scalix-ha) installed with rpm -i; its %post ran scalix-ha setup"
	else
		note "package: NOT installed by rpm: the tree's files copied, the %post commands run by hand"
	fi
	check "after scalix-ha setup the shutdown ports are distinct: mail1 $(sn_server_port mail1), mail2 $(sn_server_port mail2)" \
		test "$(sn_server_port mail1) $(sn_server_port mail2)" = "8005 8006"
}

# Stop whatever the test left, so the teardown finds the node quiet.
e2e_finish() {
	local inst
	for inst in $SN_INSTANCES; do
		sn_is_mounted "$inst" && ha stop "$inst" >/dev/null 2>&1
	done
	exit "$E2E_FAILED"
}
