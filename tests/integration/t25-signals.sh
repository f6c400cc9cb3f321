#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 14, case 5: the helper signalled mid-start (the cluster gave up on
# the operation). TERM, INT or HUP: the start kills its vendor command, stops
# what it started and exits 1 within STOP_TIMEOUT + KILL_GRACE + 1.5 s.
# KILL: nothing of the start goes on behind the next stop, which removes
# whatever was started.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1
sbx_install_helper mail1

# The helper itself in the background (env execs it: $! is its PID).
start_bg() {
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C \
		/usr/sbin/scalix-ha start mail1 >/dev/shm/sbx/start.log 2>&1 &
	helper=$!
}

# Poll (up to 5 s) until a process named $1 runs.
wait_for() {
	local _
	for _ in $(seq 100); do
		[ -n "$(sbx_pids_named "$1")" ] && return 0
		sleep 0.05
	done
	sbx_fail "no $1 came up"
	return 1
}

for sig in TERM INT HUP; do
	# PostgreSQL and the Scalix daemons are up; Tomcat's start is slow.
	sbx_fault mail1 tomcat.slow-start 30
	start_bg
	wait_for omscan
	t0=$(date +%s%N)
	kill -"$sig" "$helper"
	wait "$helper"
	rc=$?
	SBX_MS=$((($(date +%s%N) - t0) / 1000000))
	sbx_log "SIG$sig mid-start: exit $rc after $SBX_MS ms"
	sed 's/^/  start: /' /dev/shm/sbx/start.log >&2
	[ "$rc" != 0 ] || sbx_fail "SIG$sig: the start exited 0"
	# STOP_TIMEOUT 2 + KILL_GRACE 1 + 1.5 s, and slack for a loaded machine.
	sbx_expect_ms_at_most 7000 "SIG$sig: the start gives up in bounded time"
	grep -q "interrupted by signal" /dev/shm/sbx/start.log ||
		sbx_fail "SIG$sig: the start does not say it was interrupted"
	sbx_expect_stopped mail1 "SIG$sig: what the start started is stopped"
	sbx_expect_empty "$(sbx_pids_named postmaster)$(sbx_pids_named omctrl)" \
		"SIG$sig: no daemon of the start left"
	sbx_run sbx_rg mail1 status
	sbx_expect_rc 3 "SIG$sig: status after the interrupted start"
	sbx_unfault mail1 tomcat.slow-start
done

# KILL while PostgreSQL's start script is still at work: the script dies
# with the helper, so no postmaster appears after the next stop.
sbx_rg mail1 stop >/dev/null 2>&1
sbx_fault mail1 postgres.slow-start 3
start_bg
sleep 1
kill -KILL "$helper"
wait "$helper" 2>/dev/null
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop after a start killed with KILL"
sleep 3.5
sbx_expect_empty "$(sbx_pids_named postmaster)" "a postmaster started after the stop"
sbx_expect_stopped mail1 "nothing of the killed start runs after the stop"
sbx_unfault mail1 postgres.slow-start

# KILL later: PostgreSQL and the daemons up, Tomcat's start at work. The
# next stop removes all of it.
sbx_rg mail1 stop >/dev/null 2>&1
sbx_fault mail1 tomcat.slow-start 3
start_bg
wait_for omscan
kill -KILL "$helper"
wait "$helper" 2>/dev/null
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop after a start killed mid-way"
sleep 3.5
sbx_expect_empty "$(sbx_pids_named java)" "a Tomcat started after the stop"
sbx_expect_stopped mail1 "nothing of the start killed mid-way runs after the stop"
sbx_unfault mail1 tomcat.slow-start

sbx_done
