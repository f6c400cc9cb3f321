#!/bin/bash
# SPDX-License-Identifier: MIT
# E2E 2: Tomcat shutdown ports. A fresh install gives every instance 8005, and
# the shutdown port listens on localhost, not on the instance address:
#  A. before scalix-ha is installed, the vendor scripts: the second Tomcat dies
#     and leaves a stale tomcat.pid; a vendor stop without pid file stops the
#     other instance's Tomcat;
#  B. the package is installed (rpm -i; its %post runs scalix-ha setup): the
#     ports become distinct, and both instances run side by side;
#  C. a server.xml from before the set-up comes back (8005 twice): `ports
#     --check` reports it; the helper reports mail2's dead Tomcat and does not
#     stop mail1's; `scalix-ha setup` again repairs it.
# The node is built without the package:
# simnode-install: none
# Predicates are single-quoted on purpose: eval expands them when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

vendor_tomcat() { OMCURRENT=$2 /etc/rc.d/init.d/scalix-tomcat "$1" "$2"; }

check "fresh install: both server.xml have shutdown port 8005" \
	test "$(sn_server_port mail1) $(sn_server_port mail2)" = "8005 8005"

note "A. vendor scripts, both Tomcats on 8005"
run_cmd vendor_tomcat start mail1
check_rc 0 "vendor scalix-tomcat start mail1"
check "mail1 Tomcat up (HTTP, shutdown port 8005)" sn_poll 300 0.1 sn_tomcat_ready mail1
t1=$(tomcat_pid mail1)
run_cmd vendor_tomcat start mail2
check_rc 0 "vendor scalix-tomcat start mail2 claims success"
t2=$(tomcat_pid mail2)
check "the second Tomcat (mail2, pid $t2) dies within 30 s" wait_dead "$t2" 30
check "its tomcat.pid stays behind, stale (names dead pid $t2)" \
	eval 'test "$(tomcat_pid mail2)" = "$t2" && ! sn_alive "$t2"'
why=$(grep -hE 'Address already in use|8005' "$(sn_catalina_base mail2)"/logs/catalina.out | head -n 3)
note "mail2 catalina.out: ${why:-<nothing about 8005>}"
check "mail2's log says the shutdown port was taken" grep -q . <<<"$why"
check "mail1 Tomcat (pid $t1) unaffected" sn_alive "$t1"
run_cmd vendor_tomcat status mail2
check_rc 1 "vendor status mail2: dead but pid file exists"

rm -f "$(sn_tomcat_pidfile mail2)"
note "removed mail2's stale tomcat.pid, as an administrator would"
run_cmd vendor_tomcat stop mail2
note "vendor stop mail2 output: $(tr '\n' ' ' <"$E2E_OUT" | cut -c1-200)"
check "vendor scalix-tomcat stop mail2 (no pid file) stopped mail1's Tomcat (pid $t1) via port 8005" \
	wait_dead "$t1" 15
check "mail1 no longer serves HTTP" eval '! sn_http_ok mail1'

note "B. the scalix-ha package installed; its set-up gives distinct ports"
t0=$(ms_now)
out=$(sn_install_package 2>&1)
rc=$?
while IFS= read -r l; do note "install: $l"; done <<<"$out"
check "package installed (exit $rc)" test "$rc" = 0
measured "package install with its %post set-up: $(ms_since "$t0")s"
check_installed
check "scalix-ha setup turned OMAUTOSTART off for both instances" \
	test "$(grep -c '^OMAUTOSTART=FALSE$' /etc/opt/scalix/instance.cfg)" = 2
check "per-instance init names scalix-ha-mail1 and scalix-ha-mail2 exist" \
	test -L /etc/rc.d/init.d/scalix-ha-mail1 -a -L /etc/rc.d/init.d/scalix-ha-mail2
run_cmd ha ports --check
check_rc 0 "scalix-ha ports --check: no collision"
for inst in mail1 mail2; do
	run_cmd ha_rg "$inst" start
	check_rc 0 "scalix-ha-$inst start (a stale tomcat.pid may be left from A)"
done
for inst in mail1 mail2; do
	check "$inst Tomcat up, holding its own shutdown port $(sn_server_port "$inst")" \
		sn_poll 300 0.1 sn_tomcat_ready "$inst"
done
t1=$(tomcat_pid mail1) t2=$(tomcat_pid mail2)
# Holding its shutdown port means start-up is over: no late death from the port.
check "both Tomcats alive together (pids $t1 $t2)" eval 'sn_alive "$t1" && sn_alive "$t2"'
for inst in mail1 mail2; do
	check "$inst serves HTTP and SQL" serving "$inst"
	run_cmd ha_rg "$inst" status
	check_rc 0 "scalix-ha-$inst status"
done
run_cmd ha stop mail2
check_rc 0 "scalix-ha stop mail2"
check "nothing of mail2 left" nothing_left mail2
check "mail1's Tomcat (pid $t1) survives mail2's stop" sn_alive "$t1"

note "C. a server.xml from before the set-up comes back: both on 8005 again"
note "vendor tool: $(/opt/scalix-tomcat/bin/sxtomcat-modify-instance -p 8005 mail2 2>&1)"
run_cmd ha ports --check
note "scalix-ha ports --check with 8005 twice: exit $RC"
show_out
check "scalix-ha ports --check reports the collision (exit $RC)" test "$RC" != 0
run_cmd ha_rg mail2 start
note "scalix-ha-mail2 start with shutdown port 8005 taken: exit $RC"
[ "$RC" = 0 ] || show_out
t2=$(tomcat_pid mail2)
[ -n "$t2" ] && wait_dead "$t2" 30
run_cmd sn_poll 100 0.2 eval '! ha_rg mail2 status >/dev/null 2>&1'
check "scalix-ha-mail2 status turns non-zero once mail2's Tomcat is dead" test "$RC" = 0
run_cmd ha_rg mail2 status
note "scalix-ha-mail2 status then: exit $RC"
check "mail1 Tomcat (pid $t1) unaffected by mail2's start" sn_alive "$t1"
run_cmd ha_rg mail2 stop
check_rc 0 "scalix-ha-mail2 stop"
check "nothing of mail2 left" nothing_left mail2
check "scalix-ha-mail2 stop did not stop mail1's Tomcat (pid $t1, same port 8005)" sn_alive "$t1"
check "mail1 still serves" serving mail1
run_cmd ha setup
check_rc 0 "scalix-ha setup again"
show_out
check "shutdown ports distinct again: $(sn_server_port mail1) $(sn_server_port mail2)" \
	test "$(sn_server_port mail1) $(sn_server_port mail2)" = "8005 8006"
run_cmd ha_rg mail2 start
check_rc 0 "scalix-ha-mail2 start after the repair"
check "mail2 Tomcat up on 8006 next to mail1's" sn_poll 300 0.1 sn_tomcat_ready mail2
check "mail1 Tomcat (pid $t1) still alive" sn_alive "$t1"
for inst in mail1 mail2; do
	run_cmd ha stop "$inst"
	check_rc 0 "scalix-ha stop $inst"
	check "nothing of $inst left" nothing_left "$inst"
done

e2e_finish
