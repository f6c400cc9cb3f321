#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 14, case 7: start returns 0 only once the instance serves: its
# PostgreSQL accepts on OMHOSTNAME:5733 and its Tomcat answers HTTP on
# OMHOSTNAME and the HTTP connector's port from server.xml. A Tomcat that
# dies a moment after start (its HTTP port taken), or a server that never
# listens, fails the start: exit 1, nothing left. S_READY configures it.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1
sbx_install_helper mail1
addr=$(sbx_addr mail1)
[ -n "$addr" ] || sbx_fatal "mail1.scalixdemo.com has no address in /etc/hosts"

# tcp ADDR PORT: a connection is accepted.
tcp() {
	(exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}
# http ADDR PORT: an HTTP status line answers GET /.
http() {
	local line
	line=$({
		exec 3<>"/dev/tcp/$1/$2" || exit 1
		printf 'GET / HTTP/1.0\r\n\r\n' >&3
		timeout 2 head -n 1 <&3
	} 2>/dev/null)
	case $line in HTTP/*) return 0 ;; esac
	return 1
}

# A Tomcat slow to bind its HTTP connector (2 s after "Tomcat started."):
# start waits for it, and both servers serve the moment it returns.
sbx_fault mail1 tomcat.slow-listen 2
sbx_run sbx_rg mail1 start
tcp "$addr" 5733 && pg=yes || pg=no
http "$addr" 8080 && web=yes || web=no
sbx_expect_rc 0 "start with a slow HTTP connector"
sbx_expect_eq "$pg" yes "PostgreSQL accepts on $addr:5733 when start returns"
sbx_expect_eq "$web" yes "Tomcat answers HTTP on $addr:8080 when start returns"
[ "$SBX_MS" -ge 2000 ] || sbx_fail "start returned after $SBX_MS ms, before Tomcat listened"
sbx_log "start-to-serving: $SBX_MS ms"
sbx_expect_running mail1 "after the start"
sbx_unfault mail1 tomcat.slow-listen
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop"

# Tomcat's HTTP port taken on the instance's address: the stand-in JVM
# dies a moment after "Tomcat started.", as a real one does.
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 8080)); s.listen(1); time.sleep(1000)
' "$addr" &
squatter=$!
sbx_track "$squatter"
for _ in $(seq 50); do tcp "$addr" 8080 && break; sleep 0.1; done
sbx_run sbx_rg mail1 start
sbx_expect_rc 1 "start with Tomcat's HTTP port taken"
sbx_expect_stderr_has "scalix-tomcat" "the failed start names Tomcat"
sbx_expect_stopped mail1 "after the start on a taken port"
sbx_expect_ms_at_most 8000 "a dead Tomcat fails the start early"
kill -KILL "$squatter"
wait "$squatter" 2>/dev/null

# Servers that never listen: exit 1 within START_TIMEOUT each, nothing left.
sbx_settings START_TIMEOUT=3
for s in tomcat postgres; do
	sbx_fault mail1 "$s.no-listen"
	sbx_run sbx_rg mail1 start
	sbx_expect_rc 1 "start with a $s that never listens"
	sbx_expect_stderr_has "does not serve" "the failed start says why ($s)"
	sbx_expect_stopped mail1 "after the start with a deaf $s"
	sbx_expect_ms_at_most 15000 "the start with a deaf $s bounded"
	sbx_unfault mail1 "$s.no-listen"
done

# S_READY=none: a Tomcat that never listens is then "started".
sbx_settings START_TIMEOUT=3 SCALIX_TOMCAT_READY=none
sbx_fault mail1 tomcat.no-listen
sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start with SCALIX_TOMCAT_READY=none"
sbx_unfault mail1 tomcat.no-listen
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop"

# The HTTP port comes from server.xml (the connector moved to 8088).
sbx_settings
sed -i 's/port="8080"/port="8088"/' /var/opt/scalix/m1/tomcat/conf/server.xml
sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start with the HTTP connector on 8088"
http "$addr" 8088 || sbx_fail "Tomcat does not answer on $addr:8088"
sbx_run sbx_rg mail1 stop
sed -i 's/port="8088"/port="8080"/' /var/opt/scalix/m1/tomcat/conf/server.xml
# An explicit probe on a port nothing serves: the start fails.
sbx_settings START_TIMEOUT=2 "SCALIX_TOMCAT_READY=http:%h:8099"
sbx_run sbx_rg mail1 start
sbx_expect_rc 1 "start with a probe on a port nothing serves"
sbx_expect_stderr_has ":8099" "the failed start names the probe"
sbx_expect_stopped mail1 "after the probe failed"
# A value that is not a probe: a configuration error, file:line.
sbx_settings "SCALIX_POSTGRES_READY=ftp:%h:21"
sbx_run sbx_rg mail1 start
sbx_expect_rc 6 "start with SCALIX_POSTGRES_READY=ftp:..."
sbx_expect_stderr_has "/etc/sysconfig/scalix-ha:" "the bad probe is reported as file:line"
sbx_settings

sbx_done
