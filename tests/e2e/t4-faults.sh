#!/bin/bash
# SPDX-License-Identifier: MIT
# E2E 4: faults on mail1.
#  a. Tomcat SIGSTOPped: scalix-ha stop ends within its documented bound and
#     leaves nothing;
#  b. PostgreSQL's port taken (a listener on 127.0.1.1:5733): start fails and
#     leaves nothing running, the listener untouched;
#  c. storage not mounted: start is refused and starts nothing.
# Predicates are single-quoted on purpose: eval expands them when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

vendor_procs() { pgrep -l -x 'postgres|java|omctrl|omscan' | awk '{ print $2 }' | sort | uniq -c | tr -s ' \n' '  '; }

note "a. Tomcat stopped with SIGSTOP"
run_cmd ha_rg mail1 start
check_rc 0 "scalix-ha-mail1 start"
check "mail1 serves and its Tomcat is up" eval 'wait_serving mail1 30 && sn_poll 300 0.1 sn_tomcat_ready mail1'
tp=$(tomcat_pid mail1)
kill -STOP "$tp"
check "Tomcat $tp is stopped (state T)" sn_poll 50 0.1 grep -q '^State:[[:space:]]*T' "/proc/$tp/status"
st=$(setting STOP_TIMEOUT) kg=$(setting KILL_GRACE) n=3
bound=$(awk -v s="$st" -v k="$kg" -v n="$n" 'BEGIN { print s + n * s + k + 1 }')
note "bound from the contract: STOP_TIMEOUT $st (lock) + $n x $st + KILL_GRACE $kg + 1 = ${bound}s"
run_cmd ha_rg mail1 stop
check_rc 0 "scalix-ha-mail1 stop with Tomcat SIGSTOPped"
measured "stop with SIGSTOPped Tomcat: ${SECS}s (bound ${bound}s)"
check "stop took ${SECS}s <= ${bound}s" awk -v a="$SECS" -v b="$bound" 'BEGIN { exit !(a <= b) }'
check "the stopped Tomcat $tp is gone" eval '! sn_alive "$tp"'
check "nothing of mail1 left" nothing_left mail1
[ -n "$(pids_of mail1)" ] && kill -CONT "$tp" 2>/dev/null

note "b. PostgreSQL's address and port taken"
(cd / && exec perl -MIO::Socket::INET -e '
	my $s = IO::Socket::INET->new(LocalAddr => "127.0.1.1", LocalPort => 5733, Listen => 5, ReuseAddr => 1)
		or die "listen: $!\n";
	sleep 600') &
lp=$!
check "listener $lp holds 127.0.1.1:5733" sn_poll 50 0.1 eval 'test "$(sn_listener_pids 127.0.1.1 5733)" = "$lp"'
run_cmd ha_rg mail1 start
check_rc 1 "scalix-ha-mail1 start fails"
measured "failed start: ${SECS}s"
note "postgres.log: $(grep -h 'could not\|FATAL' "$(sn_dir mail1)/postgres/postgres.log" | tail -n 2 | tr '\n' ' ')"
check "nothing of mail1 left running" nothing_left mail1
check "no PostgreSQL, Tomcat or Scalix daemon left on the node ($(vendor_procs))" test -z "$(vendor_procs)"
check "nothing listens on 127.0.1.1:8080 or :8009" \
	test -z "$(sn_listener_pids 127.0.1.1 8080)$(sn_listener_pids 127.0.1.1 8009)"
check "the listener $lp is untouched" eval 'sn_alive "$lp" && test "$(sn_listener_pids 127.0.1.1 5733)" = "$lp"'
run_cmd ha_rg mail1 status
check_rc 3 "scalix-ha-mail1 status after the failed start"
kill "$lp"
wait "$lp" 2>/dev/null
run_cmd ha_rg mail1 start
check_rc 0 "scalix-ha-mail1 start once the port is free"
check "mail1 serves" wait_serving mail1 30
run_cmd ha_rg mail1 stop
check_rc 0 "scalix-ha-mail1 stop"

note "c. storage not mounted"
run_cmd sn_storage_umount mail1
check_rc 0 "umount $(sn_dir mail1)"
run_cmd ha_rg mail1 start
check_rc 1 "scalix-ha-mail1 start refused (mount guard)"
note "helper said: $(tr '\n' ' ' <"$E2E_OUT" | cut -c1-300)"
check "nothing started on the node ($(vendor_procs))" test -z "$(vendor_procs)"
check "nothing written under the bare mount point $(sn_dir mail1)" test -z "$(ls -A "$(sn_dir mail1)")"
run_cmd ha_rg mail1 status
check_rc 3 "scalix-ha-mail1 status, storage not mounted"
run_cmd ha_rg mail1 stop
check_rc 0 "scalix-ha-mail1 stop, storage not mounted"
run_cmd sn_storage_mount mail1
check_rc 0 "mount the storage again"
run_cmd ha_rg mail1 start
check_rc 0 "scalix-ha-mail1 start with the storage back"
check "mail1 serves" wait_serving mail1 30
run_cmd ha_rg mail1 stop
check_rc 0 "scalix-ha-mail1 stop"
check "nothing of mail1 left" nothing_left mail1

e2e_finish
