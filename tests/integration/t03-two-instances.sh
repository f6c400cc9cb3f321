#!/bin/bash
# SPDX-License-Identifier: MIT
# mail1 and mail2 on one node (after a failover): stopping, failing or
# restarting one leaves every process of the other alone.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_instance mail2 8006
sbx_install_helper mail1 mail2

same_pids() {
	sbx_expect_eq "$(sbx_instance_pids mail2 | tr '\n' ' ')" "$(echo "$m2" | tr '\n' ' ')" "$1"
}

sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start mail1"
sbx_run sbx_rg mail2 start
sbx_expect_rc 0 "start mail2"
sbx_expect_running mail1 "both started"
sbx_expect_running mail2 "both started"
m2=$(sbx_instance_pids mail2)
sbx_expect_count "$m2" 4 "processes of mail2"

sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop mail1"
sbx_expect_stopped mail1 "after stop mail1"
same_pids "mail2 processes after stop of mail1"
sbx_run sbx_rg mail2 status
sbx_expect_rc 0 "status mail2 after stop of mail1"

# A failed mail1 (postmaster killed -9, pid file left) stopped by the cluster.
sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start mail1 again"
sbx_kill9 "$(sbx_pids_using /var/opt/scalix/m1/postgres/data)"
sbx_run sbx_rg mail1 status
sbx_expect_rc 1 "status of the failed mail1"
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop of the failed mail1"
sbx_expect_stopped mail1 "after stop of the failed mail1"
same_pids "mail2 processes after stop of the failed mail1"

# A hung mail1 (every daemon ignores TERM): the sweep's KILLs spare mail2.
sbx_fault mail1 postgres.ignore-term
sbx_fault mail1 scalix.ignore-term
sbx_fault mail1 tomcat.ignore-term
sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start mail1 with TERM-deaf daemons"
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop of the TERM-deaf mail1"
sbx_expect_stopped mail1 "after stop of the TERM-deaf mail1"
same_pids "mail2 processes after stop of the TERM-deaf mail1"

# Without an instance, status and stop act on every mounted instance.
sbx_run sbx_ha status
sbx_expect_rc 3 "status of all (mail1 stopped: first non-zero code)"
sbx_run sbx_ha start
sbx_expect_rc 0 "start of all"
sbx_expect_running mail1 "after start of all"
same_pids "mail2 processes after start of all"
sbx_run sbx_ha status
sbx_expect_rc 0 "status of all"
sbx_run sbx_ha stop mail2 mail1
sbx_expect_rc 0 "stop mail2 mail1"
sbx_expect_stopped mail1 "after stop mail2 mail1"
sbx_expect_stopped mail2 "after stop mail2 mail1"

# Only mounted instances count: mail2's storage gone to the other node.
umount /var/opt/scalix/m2
sbx_run sbx_ha start
sbx_expect_rc 0 "start of all with mail2 not mounted"
sbx_expect_running mail1 "start of all with mail2 not mounted"
sbx_expect_empty "$(ls -A /var/opt/scalix/m2)" "files created under the unmounted m2"
sbx_run sbx_ha stop
sbx_expect_rc 0 "stop of all with mail2 not mounted"
sbx_expect_stopped mail1 "stop of all with mail2 not mounted"

sbx_done
