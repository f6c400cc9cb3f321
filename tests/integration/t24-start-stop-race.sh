#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 14, case 4: a stop that comes while a slow start holds the instance
# lock. Whatever the interleaving, each exit code is the truth (stop's 0
# means nothing of the instance runs) and the instance ends running or
# stopped, never partly running. Here the stop waits STOP_TIMEOUT for the
# lock, then asks the start to give up (TERM): the start undoes its work and
# exits 1, the stop stops what is left and exits 0.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1
sbx_install_helper mail1

# The end state agrees with both codes: all four processes or none.
check_outcome() {
	local what=$1 rc_start=$2 rc_stop=$3 pids n
	pids=$(sbx_instance_pids mail1)
	n=$(printf '%s\n' "$pids" | grep -c .)
	sbx_run sbx_rg mail1 status
	if [ "$rc_stop" = 0 ] && [ "$n" != 0 ]; then
		sbx_fail "$what: stop said 0 while $n processes of mail1 run (status $SBX_RC)"
		sbx_ps | sed 's/^/  ps: /' >&2
	fi
	case $SBX_RC in
	0) sbx_expect_running mail1 "$what: status 0" ;;
	3) sbx_expect_empty "$pids" "$what: status 3 but processes run" ;;
	*) sbx_fail "$what: the instance is left partly running (status $SBX_RC)" ;;
	esac
	if [ "$rc_start" = 0 ] && [ "$rc_stop" = 0 ] && [ "$SBX_RC" != 3 ]; then
		sbx_fail "$what: both start and stop said 0, status $SBX_RC"
	fi
}

# race KNOB: a start slowed by KNOB (4 s), a stop 1 s into it.
race() {
	local knob=$1 start_pid rc_start rc_stop t0
	sbx_fault mail1 "$knob" 4
	sbx_rg mail1 start >/dev/shm/sbx/start.log 2>&1 &
	start_pid=$!
	sleep 1
	t0=$(date +%s%N)
	sbx_rg mail1 stop >/dev/shm/sbx/stop.log 2>&1
	rc_stop=$?
	SBX_MS=$((($(date +%s%N) - t0) / 1000000))
	wait "$start_pid"
	rc_start=$?
	sbx_unfault mail1 "$knob"
	sbx_log "$knob: start exit $rc_start, stop exit $rc_stop in $SBX_MS ms"
	sed 's/^/  start: /' /dev/shm/sbx/start.log >&2
	sed 's/^/  stop: /' /dev/shm/sbx/stop.log >&2
	sbx_expect_eq "$rc_stop" 0 "$knob: stop during a slow start"
	sbx_expect_eq "$rc_start" 1 "$knob: the start that was asked to give up"
	# Bound: (3 + 1) x STOP_TIMEOUT + KILL_GRACE + 1 s = 10 s, plus slack.
	sbx_expect_ms_at_most 12000 "$knob: stop bounded"
	grep -q "asked it to give up" /dev/shm/sbx/stop.log ||
		sbx_fail "$knob: the stop does not say it asked the start to give up"
	check_outcome "$knob" "$rc_start" "$rc_stop"
}

race tomcat.slow-start
race postgres.slow-start

# A start that finishes inside the stop's wait is stopped as usual.
sbx_fault mail1 tomcat.slow-start 1
sbx_rg mail1 start >/dev/null 2>&1 &
start_pid=$!
sleep 0.3
sbx_run sbx_rg mail1 stop
wait "$start_pid"
rc_start=$?
sbx_expect_rc 0 "stop after a start that finishes during the wait"
sbx_expect_eq "$rc_start" 0 "a start that finishes in time"
check_outcome "quick start" "$rc_start" "$SBX_RC"
sbx_unfault mail1 tomcat.slow-start

sbx_done
