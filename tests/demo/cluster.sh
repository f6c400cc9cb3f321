#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/demo/cluster.sh: the second part of `make demo` (run by demo.sh on the
# host, as root): a two-node failover under a real Corosync 3 and Pacemaker,
# built by tests/cluster/lib.sh exactly as `make cluster-test` builds it.
#
# Two nodes, node-a and node-b, each its own PID, mount, UTS and network
# namespaces inside this script's sandbox (tests/lib/sandbox.sh), joined by a
# veth pair with 169.254.77.1 and .2 (link-local, only inside the nodes);
# Corosync and Pacemaker started by hand in each; the resources from
# `scalix-ha cluster-conf --format=cib`, the whole cluster from the layout in
# the settings (CLUSTER_NODES, MAIL1_NODE...); mail1 on node-a, mail2 on node-b.
# Then node-a's PID 1 gets kill -9 (its cluster stack and mail1 die with it)
# and node-b must run both: the measured takeover time goes to the report.
# The instances run real PostgreSQL 15 and Tomcat 10 (tests/simnode's layout
# and init scripts; CL_SERVERS in tests/cluster/lib.sh), the Scalix daemons
# are the test stand-ins; a row committed in mail1's PostgreSQL on node-a is
# read back on node-b. Steps go to $DEMO_RECORDS (tests/demo/steps.sh).
#
# Environment: SCALIX_HA_BIN, the helper (demo.sh: the one from its RPM).
set -u
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/sandbox.sh"
# shellcheck source=../cluster/lib.sh
. "$here/../cluster/lib.sh"
# shellcheck source=steps.sh
. "$here/steps.sh"
CL_POLL=0.5

start_nodes() {
	cl_start_nodes
	echo "node-a: PID $CL_A here, PID 1 in its own namespaces; node-b: PID $CL_B"
	echo "node-a: $(cl_on "$CL_A" hostname): $(cl_on "$CL_A" ip -o -4 addr show dev eth-a | awk '{ print $2, $4 }')"
	echo "node-b: $(cl_on "$CL_B" hostname): $(cl_on "$CL_B" ip -o -4 addr show dev eth-b | awk '{ print $2, $4 }')"
}

both_online() {
	cl_wait_until 90 "both nodes online in both nodes' view" cl_both_online || return 1
	cl_on "$CL_A" corosync-quorumtool -s 2>&1 | sed -n '/^Quorate\|^Nodes\|^Flags\|node-\|169\.254/p'
}

configure() {
	cl_configure || return 1
	echo "/etc/sysconfig/scalix-ha, the cluster's layout:"
	grep -E '^(CLUSTER_NODES|MAIL[12]_)' /etc/sysconfig/scalix-ha | sed 's/^/  /'
	echo "scalix-ha cluster-conf --format=cib (+ options=bind: a bind mount stands in"
	echo "for the shared block device), loaded with cibadmin -C -o resources / constraints:"
	sed -n '/<configuration>/,$p' "$CL_CIB" | sed '/<operations>/,/<\/operations>/d'
	echo "(the <operations> of each primitive left out here)"
	echo "(stonith-enabled=false: these simulated nodes have no fence device)"
}

placed() {
	cl_wait_until 120 "mail1 on node-a, mail2 on node-b" cl_placed "$CL_B" \
		"scalix-mail1-instance node-a" "scalix-mail2-instance node-b" \
		"scalix-mail1-ip node-a" "scalix-mail2-ip node-b" || {
		cl_show_node node-a "$CL_A"
		cl_show_node node-b "$CL_B"
		return 1
	}
	cl_on "$CL_B" crm_mon -1 -r
}

crash() {
	cl_crash "$CL_A" || return 1
	echo "node-a is gone: its PID 1 $CL_A and every process of its namespaces"
}

taken_over() {
	cl_wait_until 120 "node-b runs both instances" cl_placed "$CL_B" \
		"scalix-mail1-instance node-b" "scalix-mail2-instance node-b" \
		"scalix-mail1-ip node-b" "scalix-mail1-fs node-b" || {
		cl_show_node node-b "$CL_B"
		return 1
	}
}

# The address and the storage, independently of Pacemaker.
holds_mail1() {
	cl_on "$CL_B" ip -o -4 addr show | awk '{ print $2, $4 }'
	cl_on "$CL_B" findmnt -n -o TARGET,SOURCE "$(sbx_instdir mail1)" || return 1
	cl_on "$CL_B" ip -o addr show | grep -q " $CL_NET.11/"
}

# The row committed on node-a before its crash, read on node-b.
row_survived() {
	local got
	got=$(cl_psql "$CL_B" mail1 "SELECT note FROM takeover") || return 1
	echo "SELECT note FROM takeover: $got"
	[ "$got" = "committed on node-a" ]
}

cluster_main() {
	local t0 took rc
	echo
	echo "=== two nodes: Corosync 3 + Pacemaker, started by hand, configured by scalix-ha cluster-conf"
	echo "    (node-a and node-b: each its own PID, mount, UTS and network namespaces; a veth pair,"
	echo "    $CL_A_ADDR and $CL_B_ADDR, exists only inside them. Servers: $CL_SERVERS"
	echo "    (real: PostgreSQL 15 and Tomcat 10 on each instance's storage, as in make cluster-test;"
	echo "    the Scalix daemons are the stand-ins of tests/standin.)"
	step "the cluster stack is installed (corosync, pacemakerd, crm_mon...)" cl_check || return 1
	sbx_setup >/dev/null
	step "shared files: registry, helper, OCF agent, storage, corosync.conf" \
		cl_prepare || return 1
	STEP_HERE=1 step "start node-a and node-b, veth $CL_A_ADDR <-> $CL_B_ADDR" start_nodes ||
		return 1
	step "corosync + pacemakerd on each node: both nodes online" both_online || return 1
	step "scalix-ha cluster-conf --format=cib, loaded with cibadmin -C on node-a" configure || return 1
	step "Pacemaker starts mail1 on node-a, mail2 on node-b" placed || return 1
	expect 0 "node-a: scalix-ha status mail1" cl_on "$CL_A" /usr/sbin/scalix-ha status mail1
	expect 0 "node-b: scalix-ha status mail2" cl_on "$CL_B" /usr/sbin/scalix-ha status mail2
	expect 3 "node-b: scalix-ha status mail1 (3: not here)" cl_on "$CL_B" /usr/sbin/scalix-ha status mail1
	if [ "$CL_SERVERS" = real ]; then
		# Tomcat binds its port a few seconds after catalina.sh start returns.
		step "node-a: mail1's Tomcat answers HTTP on $CL_NET.11" \
			cl_wait_until 60 "mail1's Tomcat answers on node-a" cl_http_ok "$CL_A" mail1
		expect 0 "node-a: a row committed in mail1's PostgreSQL" cl_psql "$CL_A" mail1 \
			"CREATE TABLE takeover (note text); INSERT INTO takeover VALUES ('committed on node-a')"
	fi

	echo
	echo "=== crash of node-a: kill -9 of its PID 1; its corosync, pacemaker and mail1 die with it"
	t0=$(ms_now)
	step "kill -9 node-a (PID $CL_A here)" crash || return 1
	step "node-b's Pacemaker sees node-a offline" \
		cl_wait_until 60 "node-b sees node-a gone" cl_sees_offline "$CL_B" node-a
	step "node-b takes mail1 over: storage, address, instance started" taken_over
	rc=$?
	took=$(ms_since "$t0")
	printf '\n>>> the takeover, measured from the kill -9\n'
	record "two-node takeover: kill -9 of node-a to mail1 started on node-b" "$took" \
		"$([ "$rc" = 0 ] && echo 0 || echo 'not taken over')"
	demo_note "two nodes: mail1 started on node-b ${took}s after kill -9 of node-a (Corosync token 3 s)"
	step "crm_mon on node-b" cl_on "$CL_B" crm_mon -1 -r
	expect 0 "node-b: scalix-ha status mail1 (after the failover)" \
		cl_on "$CL_B" /usr/sbin/scalix-ha status mail1
	expect 0 "node-b: scalix-ha status mail2 (still running)" \
		cl_on "$CL_B" /usr/sbin/scalix-ha status mail2
	step "node-b holds mail1's address ($CL_NET.11) and storage" holds_mail1
	if [ "$CL_SERVERS" = real ]; then
		step "node-b: the row committed on node-a, read from mail1's PostgreSQL" row_survived
		step "node-b: mail1's Tomcat answers HTTP on $CL_NET.11" \
			cl_wait_until 60 "mail1's Tomcat answers on node-b" cl_http_ok "$CL_B" mail1
	fi
	return "$FAILED"
}

sbx_enter "$@"
# In the background: PID 1's TERM trap (demo.sh's ^C) runs during wait.
cluster_main &
wait "$!"
