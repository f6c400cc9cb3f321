#!/bin/bash
# SPDX-License-Identifier: MIT
# Pacemaker's LSB compliance checklist, called as lsb:scalix-ha-mail1 is,
# plus the LSB status codes for a failed instance and the other verbs.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1
sbx_install_helper mail1

lsb() {
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C LC_ALL=C \
		/etc/rc.d/init.d/scalix-ha-mail1 "$1"
}
lock=/var/lock/subsys/scalix-ha-mail1

sbx_run lsb status
sbx_expect_rc 3 "status when stopped (never started)"
sbx_run lsb stop
sbx_expect_rc 0 "stop when stopped (never started)"

sbx_run lsb start
sbx_expect_rc 0 "start when stopped"
sbx_expect_running mail1 "after start"
[ -e "$lock" ] || sbx_fail "start left no $lock"
before=$(sbx_instance_pids mail1)

sbx_run lsb status
sbx_expect_rc 0 "status when running"

sbx_run lsb start
sbx_expect_rc 0 "start when running"
sbx_expect_eq "$(sbx_instance_pids mail1 | tr '\n' ' ')" "$(echo "$before" | tr '\n' ' ')" \
	"start when running left the processes alone"

sbx_run lsb stop
sbx_expect_rc 0 "stop when running"
sbx_expect_stopped mail1 "after stop"
[ -e "$lock" ] && sbx_fail "stop left $lock"

sbx_run lsb status
sbx_expect_rc 3 "status when stopped"
sbx_run lsb stop
sbx_expect_rc 0 "stop when stopped"

# Failed: kill -9 of the postmaster (its pid file stays, as after a crash).
sbx_run lsb start
sbx_expect_rc 0 "start again"
sbx_kill9 "$(sbx_pids_named postmaster)"
sleep 0.2
sbx_run lsb status
sbx_expect_rc 1 "status with the postmaster killed -9 (partly running)"

sbx_run lsb stop
sbx_expect_rc 0 "stop of the failed instance"
sbx_expect_stopped mail1 "after stop of the failed instance"

# Failed: kill -9 of one Scalix daemon (that sub-service has no pid file).
sbx_run lsb start
sbx_expect_rc 0 "start over the crashed postmaster's leftovers"
sbx_expect_running mail1 "after start over leftovers"
sbx_kill9 "$(sbx_pids_named omscan)"
sleep 0.2
sbx_run lsb status
sbx_expect_rc 1 "status with omscan killed -9 (partly running)"

# Dead: everything killed -9, pid files and subsys lock left behind.
pids=$(sbx_instance_pids mail1)
# shellcheck disable=SC2086 # one PID a word
[ -n "$pids" ] && kill -9 $pids
sleep 0.2
sbx_expect_stopped mail1 "after kill -9 of everything"
sbx_run lsb status
sbx_expect_rc 1 "status when dead with pid files and lock"
sbx_run lsb stop
sbx_expect_rc 0 "stop of a dead instance"
[ -e "$lock" ] && sbx_fail "stop left $lock"
sbx_run lsb status
sbx_expect_rc 3 "status after stop of a dead instance"

# The other verbs.
sbx_run lsb restart
sbx_expect_rc 0 "restart when stopped"
sbx_expect_running mail1 "after restart when stopped"
before=$(sbx_instance_pids mail1)
sbx_run lsb restart
sbx_expect_rc 0 "restart when running"
sbx_expect_running mail1 "after restart when running"
after=$(sbx_instance_pids mail1)
sbx_expect_empty "$(comm -12 <(echo "$before") <(echo "$after"))" "processes surviving restart"
sbx_run lsb condrestart
sbx_expect_rc 0 "condrestart when running"
sbx_expect_running mail1 "after condrestart"
sbx_expect_empty "$(comm -12 <(echo "$after") <(sbx_instance_pids mail1))" "processes surviving condrestart"
sbx_run lsb reload
sbx_expect_rc 3 "reload (unimplemented)"
sbx_run lsb stop
sbx_expect_rc 0 "stop after restarts"
sbx_run lsb try-restart
sbx_expect_rc 0 "try-restart when stopped"
sbx_expect_stopped mail1 "try-restart when stopped starts nothing"
sbx_run lsb force-reload
sbx_expect_rc 0 "force-reload when stopped"
sbx_expect_stopped mail1 "force-reload when stopped starts nothing"
sbx_run lsb bogus
sbx_expect_rc 2 "unknown verb"

sbx_done
