#!/bin/bash
# SPDX-License-Identifier: MIT
# Both instances left on Tomcat's default shutdown port 8005 (the seed's
# "sxtomcat-modify-instance -p 8006 mail2" forgotten). The second Tomcat dies
# at once with a stale pid file, and the vendor's stop without a pid file
# stops whichever Tomcat owns the port. The helper must report mail2's start
# as failed, and its clean-up must not stop mail1's Tomcat.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_instance mail2 8005
sbx_install_helper mail1 mail2

sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start mail1 on 8005"
m1=$(sbx_instance_pids mail1)
java1=$(head -n 1 /var/opt/scalix/m1/tomcat/tomcat.pid)

sbx_run sbx_rg mail2 start
sbx_expect_rc 1 "start mail2 on the taken port 8005"
sbx_expect_stopped mail2 "after mail2's failed start"
sbx_expect_eq "$(sbx_instance_pids mail1 | tr '\n' ' ')" "$(echo "$m1" | tr '\n' ' ')" \
	"mail1's processes after mail2's failed start"
sbx_run sbx_rg mail1 status
sbx_expect_rc 0 "status mail1 after mail2's failed start"
sbx_run sbx_rg mail2 stop
sbx_expect_rc 0 "stop mail2 after its failed start"
sbx_alive "$java1" || sbx_fail "stop of mail2 stopped mail1's Tomcat"

# The flaw itself, through the vendor script: a Tomcat stop without a pid
# file sends SHUTDOWN to the port, and mail1's Tomcat goes.
rm -f /var/opt/scalix/m2/tomcat/tomcat.pid
sbx_run env -i PATH=/opt/scalix/bin:/usr/bin:/bin OMCURRENT=mail2 \
	/etc/rc.d/init.d/scalix-tomcat stop mail2
sbx_expect_rc 0 "vendor stop of mail2's Tomcat without a pid file"
sleep 0.3
sbx_alive "$java1" && sbx_fail "vendor stop of mail2 left mail1's Tomcat alive (flaw not reproduced)"

# The helper sees mail1 failed, and recovers it.
sbx_run sbx_rg mail1 status
sbx_expect_rc 1 "status mail1 with its Tomcat shut down by mail2's stop"
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop the failed mail1"
sbx_expect_stopped mail1 "stop the failed mail1"
sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start mail1 again"
sbx_expect_running mail1 "start mail1 again"

# With the seed's fix (8006 for mail2) both run.
sed -i 's/port="8005"/port="8006"/' /var/opt/scalix/m2/tomcat/conf/server.xml
sbx_run sbx_rg mail2 start
sbx_expect_rc 0 "start mail2 on 8006"
sbx_expect_running mail2 "start mail2 on 8006"
sbx_expect_running mail1 "mail1 after mail2 on 8006"

sbx_done
