#!/bin/bash
# SPDX-License-Identifier: MIT
# A real two-node failover: Corosync 3 (knet, two_node) and Pacemaker on two
# simulated nodes, mail1 on node-a and mail2 on node-b (real PostgreSQL 15 and
# Tomcat 10 when installed: CL_SERVERS in lib.sh), configured from
# `scalix-ha cluster-conf --format=cib` (the whole cluster, from the layout in
# the settings: groups, preferences, stickiness); then node-a crashes (kill -9 of the
# init of its PID namespace: its cluster stack and its Scalix processes die
# together) and node-b must run both instances.
#
# The nodes and their cluster are built by tests/cluster/lib.sh (also used by
# `make demo`): each node is a set of PID, mount, UTS and network namespaces
# inside this test's own sandbox, joined by one veth pair (169.254.77.1 and
# .2; no other address ever leaves these namespaces). The "shared storage" is
# a tmpfs of the sandbox per instance, bind-mounted by ocf:heartbeat:Filesystem
# on the node that runs the instance.
#
#   make cluster-test       (as root; about two minutes)
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/sandbox.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

sbx_enter "$@"
cl_check || {
	sbx_log "skip: the cluster stack is not installed"
	exit 77
}
sbx_setup
cl_prepare
cl_start_nodes
A=$CL_A B=$CL_B
NET=$CL_NET

if ! cl_wait_until 90 "both nodes online in both nodes' view" cl_both_online; then
	cl_show_node node-a "$A"
	cl_show_node node-b "$B"
	sbx_done
fi

cl_configure

if ! cl_wait_until 120 "mail1 on node-a, mail2 on node-b" cl_placed "$B" \
	"scalix-mail1-instance node-a" "scalix-mail2-instance node-b" \
	"scalix-mail1-ip node-a" "scalix-mail2-ip node-b"; then
	cl_show_node node-a "$A"
	cl_show_node node-b "$B"
	sbx_done
fi
# Independently of Pacemaker: the helper on each node, and the address.
sbx_run cl_on "$A" /usr/sbin/scalix-ha status mail1
sbx_expect_rc 0 "node-a: mail1 runs"
sbx_run cl_on "$B" /usr/sbin/scalix-ha status mail2
sbx_expect_rc 0 "node-b: mail2 runs"
sbx_run cl_on "$B" /usr/sbin/scalix-ha status mail1
sbx_expect_rc 3 "node-b: mail1 is not here"
cl_on "$A" ip -o addr show | grep -q " $NET.11/" || sbx_fail "node-a lacks mail1's address"
if [ "$CL_SERVERS" = real ]; then
	# Real PostgreSQL and Tomcat: a row committed on node-a must survive it.
	# Tomcat binds its port a few seconds after catalina.sh start returns.
	cl_wait_until 60 "node-a: mail1's Tomcat answers on $NET.11" cl_http_ok "$A" mail1
	cl_wait_until 60 "node-b: mail2's Tomcat answers on $NET.12" cl_http_ok "$B" mail2
	sbx_run cl_psql "$A" mail1 "CREATE TABLE takeover (note text);
		INSERT INTO takeover VALUES ('committed on node-a before its crash')"
	sbx_expect_rc 0 "node-a: a row committed in mail1's PostgreSQL"
fi

# The crash: node-a's PID 1 gets KILL, and with it every process of node-a.
t0=$(date +%s)
cl_crash "$A"
cl_wait_until 60 "node-b sees node-a gone" cl_sees_offline "$B" node-a
if ! cl_wait_until 120 "node-b runs both instances" cl_placed "$B" \
	"scalix-mail1-instance node-b" "scalix-mail2-instance node-b" \
	"scalix-mail1-ip node-b" "scalix-mail1-fs node-b"; then
	cl_show_node node-b "$B"
	sbx_done
fi
sbx_log "failover complete $(($(date +%s) - t0)) s after the crash"
sbx_run cl_on "$B" /usr/sbin/scalix-ha status mail1
sbx_expect_rc 0 "node-b: mail1 runs after the failover"
sbx_run cl_on "$B" /usr/sbin/scalix-ha status mail2
sbx_expect_rc 0 "node-b: mail2 still runs"
cl_on "$B" ip -o addr show | grep -q " $NET.11/" || sbx_fail "node-b lacks mail1's address"
cl_on "$B" mountpoint -q "$(sbx_instdir mail1)" || sbx_fail "node-b has not mounted mail1's storage"
if [ "$CL_SERVERS" = real ]; then
	sbx_run cl_psql "$B" mail1 "SELECT note FROM takeover"
	sbx_expect_rc 0 "node-b: mail1's PostgreSQL answers after the takeover"
	sbx_expect_eq "$(cat "$SBX_OUT")" "committed on node-a before its crash" \
		"node-b: the row committed on node-a survived its crash"
	cl_wait_until 60 "node-b: mail1's Tomcat answers on $NET.11" cl_http_ok "$B" mail1
	cl_http_ok "$B" mail2 || sbx_fail "node-b: mail2's Tomcat stopped answering"
fi
sbx_log "servers: $CL_SERVERS"
[ "$SBX_FAILED" -eq 0 ] || cl_show_node node-b "$B"

sbx_done
