#!/bin/bash
# SPDX-License-Identifier: MIT
# A start that fails half way stops what it started: exit 1 and nothing of
# the instance left running, no subsys lock; and it stays within its bound.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1
sbx_install_helper mail1

# START_TIMEOUT, then a full stop: 3 × STOP_TIMEOUT=2 + KILL_GRACE=1 + 1 s
# (the lock is ours), plus a second of slack for the test machine.
bound=$(((SBX_START_TIMEOUT + 3 * 2 + 1 + 1 + 1) * 1000))

failed_start() { # KNOB WHAT
	sbx_fault mail1 "$1"
	sbx_run sbx_rg mail1 start
	sbx_expect_rc 1 "$2: start"
	sbx_expect_ms_at_most "$bound" "$2: start"
	sbx_expect_stopped mail1 "$2: after the failed start"
	[ -e /var/lock/subsys/scalix-ha-mail1 ] && sbx_fail "$2: subsys lock left"
	sbx_run sbx_rg mail1 status
	sbx_expect_rc 3 "$2: status after the failed start"
	sbx_unfault mail1 "$1"
	# Nothing sticks: the next start works.
	sbx_run sbx_rg mail1 start
	sbx_expect_rc 0 "$2: start without the fault"
	sbx_expect_running mail1 "$2: start without the fault"
	sbx_run sbx_rg mail1 stop
	sbx_expect_rc 0 "$2: stop"
	sbx_expect_stopped mail1 "$2: stop"
}

failed_start tomcat.fail-start "Tomcat's start fails"
failed_start scalix.partial-start "omrc fails after starting omctrl"
failed_start tomcat.die-start "Tomcat's start script killed after forking the JVM"
failed_start scalix.fail-start "Scalix's start fails"
failed_start postgres.fail-start "PostgreSQL's start fails"
failed_start postgres.partial-start "pg_ctl fails with the postmaster up"
failed_start postgres.hang-start "PostgreSQL's start hangs"
failed_start tomcat.hang-start "Tomcat's start hangs"

# Tomcat starts, then dies: its shutdown port is held by an unrelated
# program. The helper must not stop the port's owner (a vendor stop without
# a live pid file sends SHUTDOWN to the port).
"$SBX_STANDIN/build/sxdaemon" --name foreign --shutdown-port 8005 &
foreign=$!
sbx_track "$foreign"
sleep 0.3
sbx_alive "$foreign" || sbx_fail "could not start the foreign port owner"
sbx_run sbx_rg mail1 start
sbx_expect_rc 1 "start with Tomcat's shutdown port taken"
sbx_expect_ms_at_most "$bound" "start with Tomcat's shutdown port taken"
sbx_expect_stopped mail1 "after the start with the port taken"
sbx_alive "$foreign" || sbx_fail "the shutdown port's owner was stopped by the helper"

# The knob through CHILD_ENV (the children's environment) instead of a file.
sbx_settings "CHILD_ENV=SXFAULT=mail1/scalix.partial-start"
sbx_run sbx_rg mail1 start
sbx_expect_rc 1 "start with omrc failing half way (CHILD_ENV)"
sbx_expect_stopped mail1 "after the failed start (CHILD_ENV)"

sbx_done
