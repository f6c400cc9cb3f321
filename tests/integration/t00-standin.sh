#!/bin/bash
# SPDX-License-Identifier: MIT
# The stand-in vendor scripts alone, without the helper: they must behave as
# REFERENCE.md says, flaws included, or the other tests prove nothing.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_instance mail2 8006

initd=/etc/rc.d/init.d
vendor() {
	env -i PATH=/opt/scalix/bin:/sbin:/usr/sbin:/bin:/usr/bin LANG=C OMCURRENT="$2" \
		"$initd/$1" "$3" "$2"
}
m1=/var/opt/scalix/m1

# Start and status of each sub-service.
for s in scalix-postgres scalix scalix-tomcat; do
	sbx_run vendor "$s" mail1 status
	sbx_expect_rc 3 "$s status before start"
	sbx_run vendor "$s" mail1 start
	sbx_expect_rc 0 "$s start"
	sbx_run vendor "$s" mail1 status
	sbx_expect_rc 0 "$s status after start"
done
sbx_expect_running mail1 "after the vendor starts"
sbx_expect_eq "$(sed -n 4p $m1/postgres/data/postmaster.pid)" 5733 "postmaster.pid port line"
pm=$(head -n 1 $m1/postgres/data/postmaster.pid)
sbx_expect_eq "$(readlink "/proc/$pm/cwd")" "$m1/postgres/data" "postmaster cwd"
tc=$(head -n 1 $m1/tomcat/tomcat.pid)
sbx_expect_eq "$(readlink "/proc/$tc/cwd")" / "java cwd"
sbx_expect_eq "$(readlink "/proc/$tc/fd/1")" "$m1/tomcat/logs/catalina.out" "java stdout"

# omstat: one line per service, healthy states.
sbx_run env OMCURRENT=mail1 /opt/scalix/bin/omstat -a
sbx_expect_rc 0 "omstat -a"
sbx_expect_eq "$(awk '{ print $1, $2, $NF }' /dev/shm/sbx/out | tr '\n' ,)" \
	"omctrl started 1,omscan started 1," "omstat -a lines"

# kill -9 of one Scalix daemon: scalix status says partly (1).
omscan=$(sbx_pids_named omscan)
kill -9 "$omscan"
sbx_run vendor scalix mail1 status
sbx_expect_rc 1 "scalix status with omscan killed"
sbx_run vendor scalix mail1 start
sbx_expect_rc 0 "scalix start restarts omscan"
sbx_expect_count "$(sbx_pids_named omctrl)" 1 "omctrl after restart"

# Flaw: start aborts on a live foreign PID in the pid files.
sleep 1000 &
foreign=$!
sbx_track "$foreign"
for s in scalix-postgres scalix scalix-tomcat; do
	sbx_run vendor "$s" mail1 stop
	sbx_expect_rc 0 "$s stop"
done
sbx_expect_stopped mail1 "after the vendor stops"
echo "$foreign" >$m1/postgres/data/postmaster.pid
echo "$foreign" >$m1/tomcat/tomcat.pid
sbx_run vendor scalix-postgres mail1 start
sbx_expect_rc 1 "postgres start with a foreign live PID"
sbx_expect_stderr_has "lock file \"postmaster.pid\" already exists" "postgres message"
sbx_run vendor scalix-tomcat mail1 start
sbx_expect_rc 1 "tomcat start with a foreign live PID"
grep -qF "Tomcat appears to still be running with PID $foreign. Start aborted." /dev/shm/sbx/out ||
	sbx_fail "tomcat start message: $(cat /dev/shm/sbx/out)"

# Flaw: stop kills the foreign PID.
sbx_run vendor scalix-postgres mail1 stop
sbx_expect_rc 0 "postgres stop of a foreign PID"
sbx_alive "$foreign" && sbx_fail "postgres stop left the foreign PID alive (flaw not reproduced)"
sleep 1000 &
foreign=$!
sbx_track "$foreign"
echo "$foreign" >$m1/tomcat/tomcat.pid
sbx_run vendor scalix-tomcat mail1 stop
sbx_expect_rc 0 "tomcat stop of a foreign PID"
sbx_alive "$foreign" && sbx_fail "tomcat stop left the foreign PID alive (flaw not reproduced)"
rm -f $m1/postgres/data/postmaster.pid

# A stale pid file naming a dead PID: both start.
echo 999999 >$m1/postgres/data/postmaster.pid
echo 999999 >$m1/tomcat/tomcat.pid
sbx_run vendor scalix-postgres mail1 start
sbx_expect_rc 0 "postgres start over a dead PID"
sbx_run vendor scalix-tomcat mail1 start
sbx_expect_rc 0 "tomcat start over a dead PID"

# Flaw: a second Tomcat on a taken shutdown port dies, leaving a stale pid;
# a stop without a pid file stops whichever Tomcat owns the port.
sed -i 's/port="8006"/port="8005"/' /var/opt/scalix/m2/tomcat/conf/server.xml
sbx_run vendor scalix-tomcat mail2 start
sbx_expect_rc 0 "second tomcat start on a taken port (catalina says started)"
sbx_run vendor scalix-tomcat mail2 status
sbx_expect_rc 1 "second tomcat: dead, pid file left"
rm -f /var/opt/scalix/m2/tomcat/tomcat.pid
tc=$(head -n 1 $m1/tomcat/tomcat.pid)
sbx_run vendor scalix-tomcat mail2 stop
sbx_expect_rc 0 "tomcat stop of mail2 without pid file"
sleep 0.3
sbx_alive "$tc" && sbx_fail "mail2's stop left mail1's Tomcat alive (flaw not reproduced)"

# Unknown instance.
sbx_run vendor scalix-tomcat mail9 status
sbx_expect_rc 1 "tomcat status of an unknown instance"
sbx_expect_stderr_has "Error: instance mail9 doesn't exist" "unknown instance message"

# Fault knobs: fail-start, partial-start, hang-stop bounded by timeout.
for s in scalix-postgres scalix; do vendor "$s" mail1 stop >/dev/null 2>&1; done
sbx_expect_stopped mail1 "before the fault knobs"
sbx_fault mail1 scalix.partial-start
sbx_run vendor scalix mail1 start
sbx_expect_rc 1 "scalix partial-start"
sbx_expect_count "$(sbx_pids_named omctrl)" 1 "omctrl left by partial-start"
sbx_expect_empty "$(sbx_pids_named omscan)" "omscan after partial-start"
sbx_unfault mail1 scalix.partial-start
sbx_fault mail1 scalix.hang-stop
sbx_run timeout 1 env OMCURRENT=mail1 /etc/rc.d/init.d/scalix stop mail1
sbx_expect_rc 124 "scalix hang-stop"
sbx_unfault mail1 scalix.hang-stop
sbx_fault mail1 tomcat.fail-start
sbx_run vendor scalix-tomcat mail1 start
sbx_expect_rc 1 "tomcat fail-start"
sbx_run env SXFAULT=mail1/postgres.fail-start OMCURRENT=mail1 /etc/rc.d/init.d/scalix-postgres start mail1
sbx_expect_rc 1 "postgres fail-start through SXFAULT"

# No instance argument: every mounted instance.
sbx_run env -u OMCURRENT /etc/rc.d/init.d/scalix stop
sbx_expect_rc 0 "scalix stop of every instance"
sbx_expect_stopped mail1 "after the knobs"

sbx_done
