#!/bin/bash
# SPDX-License-Identifier: MIT
# Takeover after a node crash: the storage arrives with the old node's pid
# files. Their PIDs mean nothing here; they may name a dead process, an
# unrelated live one, or a process of another instance. Start must succeed
# and kill none of them (the vendor scripts would abort or kill).
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_instance mail2 8006
sbx_install_helper mail1 mail2

m1=/var/opt/scalix/m1
pg=$m1/postgres/data/postmaster.pid
tc=$m1/tomcat/tomcat.pid

# mail2 runs here already.
sbx_run sbx_rg mail2 start
sbx_expect_rc 0 "start mail2"
m2=$(sbx_instance_pids mail2)

takeover() { # WHAT PG_PID TOMCAT_PID
	printf '%s\n%s\n' "$2" "$m1/postgres/data" >"$pg"
	printf '%s\n' "$3" >"$tc"
	sbx_run sbx_rg mail1 start
	sbx_expect_rc 0 "$1: start"
	sbx_expect_running mail1 "$1: start"
	sbx_run sbx_rg mail1 status
	sbx_expect_rc 0 "$1: status"
	sbx_run sbx_rg mail1 stop
	sbx_expect_rc 0 "$1: stop"
	sbx_expect_stopped mail1 "$1: stop"
	sbx_expect_eq "$(sbx_instance_pids mail2 | tr '\n' ' ')" "$(echo "$m2" | tr '\n' ' ')" \
		"$1: mail2's processes"
}

# Dead PIDs.
dead=$(sh -c 'echo $$')
takeover "pid files naming a dead PID" "$dead" "$dead"

# A live, unrelated process of our own.
sleep 1000 &
foreign=$!
sbx_track "$foreign"
takeover "pid files naming a live unrelated process" "$foreign" "$foreign"
sbx_alive "$foreign" || sbx_fail "the unrelated process named in the pid files was killed"

# mail2's own postmaster and Tomcat.
takeover "pid files naming mail2's processes" \
	"$(head -n 1 /var/opt/scalix/m2/postgres/data/postmaster.pid)" \
	"$(head -n 1 /var/opt/scalix/m2/tomcat/tomcat.pid)"

# The same PIDs while the instance is running: the pid files were rewritten
# under it (a status must see the truth, a stop must not kill the foreigner).
sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start before the pid files are overwritten"
echo "$foreign" >"$tc"
sbx_run sbx_rg mail1 status
[ "$SBX_RC" = 0 ] && sbx_fail "status 0 with tomcat.pid naming an unrelated process" && sbx_dump
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop with tomcat.pid naming an unrelated process"
sbx_expect_stopped mail1 "stop with tomcat.pid naming an unrelated process"
sbx_alive "$foreign" || sbx_fail "stop killed the unrelated process named in tomcat.pid"

# Stop right after the takeover (the cluster's first action on the new
# node): no vendor stop may see the foreign PIDs.
printf '%s\n' "$foreign" >"$pg"
printf '%s\n' "$foreign" >"$tc"
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop with the old node's pid files"
sbx_alive "$foreign" || sbx_fail "stop killed the process named in the old node's pid files"
sbx_run sbx_rg mail1 status
sbx_expect_rc 3 "status with the old node's pid files removed"

sbx_done
