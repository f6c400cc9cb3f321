#!/bin/bash
# SPDX-License-Identifier: MIT
# rgmanager has no timeout of its own: a stop that hangs must end within the
# helper's bound, with nothing of the instance left and exit 0.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_instance mail2 8006
sbx_install_helper mail1 mail2

# CONTRACT: STOP_TIMEOUT (lock) + N × STOP_TIMEOUT + KILL_GRACE + 1 s, with
# STOP_TIMEOUT=2, KILL_GRACE=1, N=3; plus a second of slack.
bound=$(((2 + 3 * 2 + 1 + 1 + 1) * 1000))

sbx_run sbx_rg mail2 start
sbx_expect_rc 0 "start mail2"
m2=$(sbx_instance_pids mail2)

hung_stop() { # WHAT KNOB...
	local what=$1 k
	shift
	for k in "$@"; do sbx_fault mail1 "$k"; done
	sbx_run sbx_rg mail1 start
	sbx_expect_rc 0 "$what: start"
	sbx_expect_running mail1 "$what: start"
	sbx_run sbx_rg mail1 stop
	sbx_expect_rc 0 "$what: stop"
	sbx_expect_ms_at_most "$bound" "$what: stop"
	sbx_expect_stopped mail1 "$what: after stop"
	[ -e /var/lock/subsys/scalix-ha-mail1 ] && sbx_fail "$what: subsys lock left"
	sbx_run sbx_rg mail1 status
	sbx_expect_rc 3 "$what: status after stop"
	for k in "$@"; do sbx_unfault mail1 "$k"; done
}

hung_stop "postmaster deaf to TERM, pg_ctl waits" postgres.ignore-term
hung_stop "omshut hangs" scalix.hang-stop
hung_stop "omshut waits for TERM-deaf daemons" scalix.ignore-term
hung_stop "Tomcat's stop hangs, the JVM deaf to TERM" tomcat.hang-stop tomcat.ignore-term
hung_stop "every stop hangs, every daemon deaf to TERM" \
	postgres.hang-stop postgres.ignore-term scalix.hang-stop \
	scalix.ignore-term tomcat.hang-stop tomcat.ignore-term
hung_stop "every stop fails" postgres.fail-stop scalix.fail-stop tomcat.fail-stop

# A status that hangs is bounded by STATUS_TIMEOUT=2 and is not "running".
sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start before the hung status"
sbx_fault mail1 scalix.hang-status
sbx_run sbx_rg mail1 status
sbx_expect_ms_at_most 4000 "hung status"
[ "$SBX_RC" = 0 ] && sbx_fail "hung status: exit 0 (running)" && sbx_dump
sbx_unfault mail1 scalix.hang-status

# A stop while a hung start holds the instance's lock: it waits at most
# STOP_TIMEOUT for the lock, then proceeds.
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop before the hung start"
sbx_settings START_TIMEOUT=8
sbx_fault mail1 tomcat.hang-start
sbx_rg mail1 start >/dev/null 2>&1 &
starter=$!
sleep 1.5
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop during a hung start"
sbx_expect_ms_at_most "$bound" "stop during a hung start"
sbx_expect_stopped mail1 "after stop during a hung start"
wait "$starter"
sbx_expect_eq "$?" 1 "exit of the hung start"
sbx_expect_stopped mail1 "after the hung start gave up"
sbx_unfault mail1 tomcat.hang-start

sbx_expect_eq "$(sbx_instance_pids mail2 | tr '\n' ' ')" "$(echo "$m2" | tr '\n' ' ')" \
	"mail2 processes after all of mail1's stops"

sbx_done
