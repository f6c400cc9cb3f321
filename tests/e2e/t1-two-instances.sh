#!/bin/bash
# SPDX-License-Identifier: MIT
# E2E 1: two instances on one node. Both run and each serves HTTP (Tomcat) and
# SQL (PostgreSQL) on its own address; stopping mail1 leaves every mail2
# process alive and serving.
# Predicates are single-quoted on purpose: eval expands them when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

check_installed

for inst in mail1 mail2; do
	run_cmd ha_rg "$inst" start
	check_rc 0 "scalix-ha-$inst start, rgmanager environment"
	# Start returns only once the instance serves (issue 14): HTTP and SQL
	# answer at once, with no wait of our own.
	check "$inst serves HTTP and SQL the moment start returns" serving "$inst"
	measured "$inst start-to-serving: ${SECS}s (start returned with HTTP and SQL answering)"
	t0=$(ms_now)
	check "$inst serves HTTP and SQL within 30 s" wait_serving "$inst" 30
done

for inst in mail1 mail2; do
	addr=$(sn_addr "$inst")
	body=$(curl -fsS -m 5 "http://$addr:8080/" 2>&1)
	check "curl http://$addr:8080/ is $inst's Tomcat" grep -q "instance $inst " <<<"$body"
	sql=$(sn_psql "$inst" "select host(inet_server_addr()) || ' ' || current_setting('data_directory')" 2>&1)
	check "psql -h $addr -p 5733 reaches $inst's database ($sql)" \
		test "$sql" = "$addr $(sn_pgdata "$inst")"
	tp=$(tomcat_pid "$inst")
	check "$inst: HTTP 8080 and AJP 8009 on $addr belong to its Tomcat (pid $tp)" \
		test "$(sn_listener_pids "$addr" 8080)" = "$tp" -a "$(sn_listener_pids "$addr" 8009)" = "$tp"
	check "$inst: 5733 on $addr belongs to its postmaster" \
		test "$(sn_listener_pids "$addr" 5733)" = "$(postmaster_pid "$inst")"
done
check "no wildcard listener on 8080, 8009 or 5733" \
	test -z "$(ss -Hltn | awk '$4 ~ /^(\*|0\.0\.0\.0|\[::\]):(8080|8009|5733)$/')"

for inst in mail1 mail2; do
	run_cmd ha_rg "$inst" status
	check_rc 0 "scalix-ha-$inst status while running"
done

before1=$(snapshot mail1)
before2=$(snapshot mail2)
note "mail1 processes: $(wc -l <<<"$before1"), mail2 processes: $(wc -l <<<"$before2")"
check "mail1 has processes on its storage" test -n "$before1"
check "mail2 has its Tomcat, postmaster and Scalix daemons" \
	eval 'grep -q "^$(tomcat_pid mail2) " <<<"$before2" && grep -q "^$(postmaster_pid mail2) " <<<"$before2" && grep -q omctrl <<<"$before2"'

run_cmd ha stop mail1
check_rc 0 "scalix-ha stop mail1"
measured "stop mail1: ${SECS}s"
check "nothing of mail1 left" nothing_left mail1
lost=$(gone_from "$before2")
check "every mail2 process is still alive (PID sets compared)" test -z "$lost"
[ -n "$lost" ] && note "mail2 processes gone: $lost"
check "mail2 still serves HTTP and SQL" serving mail2
check "mail1 no longer serves HTTP" eval '! sn_http_ok mail1'

run_cmd ha status mail1
check_rc 3 "scalix-ha status mail1 after stop"
run_cmd ha status mail2
check_rc 0 "scalix-ha status mail2 after mail1's stop"
run_cmd ha_rg mail1 stop
check_rc 0 "scalix-ha-mail1 stop again (already stopped)"

run_cmd ha_rg mail2 stop
check_rc 0 "scalix-ha-mail2 stop"
measured "stop mail2: ${SECS}s"
check "nothing of mail2 left" nothing_left mail2

e2e_finish
