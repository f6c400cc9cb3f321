# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# tests/cluster/lib.sh: two simulated cluster nodes running Corosync 3 (knet,
# two_node) and Pacemaker, mail1 and mail2 configured from
# `scalix-ha cluster-conf --format=cib`. Used by tests/cluster/t20-failover.sh
# (make cluster-test) and tests/demo/cluster.sh (make demo).
#
# A node is a set of namespaces made inside the caller's own sandbox
# (tests/lib/sandbox.sh): PID (so a crash takes all its processes, and each
# node's sweep sees only its own), mount (private /run, /dev/shm,
# /var/lib/pacemaker, /var/lib/corosync, /var/log/pacemaker), UTS (its host
# name), IPC (PostgreSQL's System V memory dies with the node) and network
# (its end of one veth pair, $CL_NET.1 or .2, link-local; no other address
# ever leaves these namespaces). The "shared storage" is a tmpfs of the
# sandbox per instance (a file system of its own, as a shared disk is),
# bind-mounted by ocf:heartbeat:Filesystem on the node that runs the instance.
#
# CL_SERVERS=real (the default when PostgreSQL 15, Tomcat 10 and Java 17 are
# installed): each instance's storage holds a real PostgreSQL cluster and
# Tomcat base, laid out by tests/simnode's functions, and the vendor init
# scripts are tests/simnode's (pg_ctl, catalina.sh); PostgreSQL and Tomcat
# listen on the instance's address.  CL_SERVERS=standin: the stand-in
# services of tests/standin.
#
# Usage, after sandbox.sh's sbx_enter and sbx_setup:
#	. tests/cluster/lib.sh
#	cl_check || exit 77         # corosync, pacemakerd... installed
#	cl_prepare                  # registry, helper, OCF agent, storage, corosync.conf
#	cl_start_nodes              # CL_A, CL_B: the nodes' PID 1 (as seen here)
#	cl_wait_until 90 "both online" cl_both_online
#	cl_configure                # the CIB: cluster-conf's groups and preferences, stonith off
#	cl_wait_until 120 "placed" cl_placed "$CL_B" "scalix-mail1-instance node-a" ...
#	cl_crash "$CL_A"            # kill -9 of node-a's PID 1
# Run as a script (`bash lib.sh --node NAME ADDR IFNAME`), it is a node's PID 1.

CL_LIB=$(readlink -f "${BASH_SOURCE[0]}")
CL_NET=169.254.77
CL_A_ADDR=$CL_NET.1
CL_B_ADDR=$CL_NET.2
CL_POLL=${CL_POLL:-2} # seconds between two looks of cl_wait_until
CL_A=
CL_B=
CL_WAITED= # "S.mmm": how long the last cl_wait_until waited

# --- inside a node (PID 1 of its namespaces) --------------------------------
cl_node_main() {
	local name=$1 addr=$2 ifname=$3 d
	trap 'exit 0' TERM
	hostname "$name" || exit 1
	# Private state: nothing of one node is seen by the other or the host.
	mount -t tmpfs -o mode=755 "$name-run" /run || exit 1
	mount -t tmpfs -o mode=1777 "$name-shm" /dev/shm || exit 1
	for d in /var/lib/pacemaker /var/lib/corosync /var/log/pacemaker; do
		mount -t tmpfs -o mode=750 "$name$d" "$d" || exit 1
	done
	mkdir -p /run/lock/subsys /run/crm /var/lib/pacemaker/cib \
		/var/lib/pacemaker/pengine /var/lib/pacemaker/blackbox \
		/var/lib/pacemaker/cores
	chown -R hacluster:haclient /var/lib/pacemaker /var/log/pacemaker /run/crm
	chmod 770 /var/log/pacemaker
	ip link set lo up
	# cl_start_nodes moves our end of the veth pair in.
	for _ in $(seq 100); do
		ip link show "$ifname" >/dev/null 2>&1 && break
		sleep 0.1
	done
	ip addr add "$addr/24" dev "$ifname" && ip link set "$ifname" up || exit 1
	corosync -f >/run/corosync.log 2>&1 &
	for _ in $(seq 100); do
		corosync-cfgtool -s >/dev/null 2>&1 && break
		sleep 0.2
	done
	PCMK_logfile=/var/log/pacemaker/pacemaker.log PCMK_logfacility=none \
		pacemakerd -f >/run/pacemakerd.out 2>&1 &
	touch /run/node-up
	# PID 1 reaps orphans until the caller ends (or crashes) the node.
	while :; do
		wait
		sleep 1
	done
}
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ "${1:-}" = --node ] || {
		echo "usage: bash ${0##*/} --node NAME ADDR IFNAME (or source it)" >&2
		exit 2
	}
	shift
	cl_node_main "$@"
	exit
fi

# --- in the caller's sandbox --------------------------------------------------

# ms_now, ms_since
. "$(dirname "${BASH_SOURCE[0]}")/../lib/clock.sh"
# sn_populate_postgres, sn_populate_tomcat...: the simulated node's layout.
# shellcheck source=../simnode/simnode.sh
. "$(dirname "${BASH_SOURCE[0]}")/../simnode/simnode.sh"
cl_real_available() {
	[ -x "$SN_PG_BIN/postgres" ] && [ -x "$SN_CATALINA_HOME/bin/catalina.sh" ] &&
		[ -x "$SN_JAVA_HOME/bin/java" ] && id postgres >/dev/null 2>&1 &&
		id tomcat >/dev/null 2>&1
}
if [ -z "${CL_SERVERS:-}" ]; then
	CL_SERVERS=standin
	cl_real_available && CL_SERVERS=real
fi
# The instances' addresses, for the servers' configuration.
SN_ADDR=([mail1]=$CL_NET.11 [mail2]=$CL_NET.12)

# True when the cluster stack is installed; names what is missing.
cl_check() {
	local c
	for c in corosync corosync-cfgtool pacemakerd crm_mon crm_attribute \
		cibadmin nsenter xmllint curl; do
		command -v "$c" >/dev/null || {
			sbx_log "no $c"
			return 1
		}
	done
}

# Everything the nodes share, laid out in the sandbox before they start: the
# registry, the helper as the package installs it, the OCF agent, settings,
# the instances' shared storage and /etc/corosync/corosync.conf.
cl_prepare() {
	local i az port
	sbx_registry mail1 mail2
	sbx_install_helper mail1 mail2
	sbx_overlay /usr/lib/ocf
	mkdir -p /usr/lib/ocf/resource.d/scalix
	ln -sfn ../../../../sbin/scalix-ha /usr/lib/ocf/resource.d/scalix/instance
	# ocf:heartbeat:Filesystem insists on a modprobe binary (package kmod, not
	# installed here); a bind mount needs no module: a stand-in that loads none.
	if ! command -v modprobe >/dev/null; then
		printf '#!/bin/sh\necho "modprobe (test stand-in): no modules here" >&2\nexit 1\n' \
			>/usr/sbin/modprobe
		chmod 755 /usr/sbin/modprobe
	fi
	# No depth 10 port probes, and no readiness probes: this test is about
	# failover (t27 and the e2e suite cover readiness; make cluster-test was
	# not run with them on).  With the cluster's layout, for cluster-conf.
	cl_layout
	# Instance addresses: the service addresses, as in production (not the
	# loopback ones sbx_registry gives single-node tests).
	sed -i '/# sbx$/d' /etc/hosts
	printf '%s mail1.scalixdemo.com\n%s mail2.scalixdemo.com\n' \
		"$CL_NET.11" "$CL_NET.12" >>/etc/hosts

	# Shared storage: one directory per instance, laid out by the installer.
	[ "$CL_SERVERS" = real ] && cl_real_vendor
	for i in mail1 mail2; do
		az=$(sbx_az "$i")
		mkdir -p "/var/opt/shared/$az" "$(sbx_instdir "$i")"
		# A file system of its own, as a shared disk is: the helper tells
		# the instance's processes by the storage's device.
		mount -t tmpfs -o mode=755,size=1g "sbx-shared-$az" "/var/opt/shared/$az" ||
			sbx_fatal "cannot mount the shared storage of $i"
		mount --bind "/var/opt/shared/$az" "$(sbx_instdir "$i")"
		[ "$i" = mail1 ] && port=8005 || port=8006
		if [ "$CL_SERVERS" = real ]; then
			cl_real_storage "$i" "$port"
		else
			sbx_skeleton "$i" "$port"
		fi
		umount "$(sbx_instdir "$i")"
	done

	cat >/etc/corosync/corosync.conf <<EOF
totem {
	version: 2
	cluster_name: scalixtest
	transport: knet
	crypto_cipher: none
	crypto_hash: none
	token: 3000
}
nodelist {
	node {
		ring0_addr: $CL_A_ADDR
		name: node-a
		nodeid: 1
	}
	node {
		ring0_addr: $CL_B_ADDR
		name: node-b
		nodeid: 2
	}
}
quorum {
	provider: corosync_votequorum
	two_node: 1
}
logging {
	to_stderr: yes
	to_syslog: no
	to_logfile: no
	timestamp: on
}
EOF
}

# Real servers: the vendor init scripts of tests/simnode (pg_ctl,
# catalina.sh) instead of the stand-ins' (sbx_setup linked those).
cl_real_vendor() {
	local s
	for s in scalix-postgres scalix-tomcat; do
		rm -f "/etc/rc.d/init.d/$s"
		install -m 0755 "$SIMNODE_SRC/initscripts/$s" "/etc/rc.d/init.d/$s"
	done
	mkdir -p /opt/scalix-tomcat/bin
	install -m 0755 "$SIMNODE_SRC"/sxtomcat/* /opt/scalix-tomcat/bin/
}

# One instance's storage with a real PostgreSQL cluster and Tomcat base, as
# tests/simnode lays them; the shutdown port already unique (what setup does).
cl_real_storage() { # instance shutdown-port
	SN_WORK=$SBX_SCRATCH/simnode
	mkdir -p "$SN_WORK/log"
	sn_populate_store "$1"
	sn_populate_postgres "$1"
	# The test's client connects from the nodes' network.
	echo "host all all $CL_NET.0/24 trust" >>"$(sn_pgdata "$1")/pg_hba.conf"
	sn_populate_tomcat "$1"
	sn_write_server_xml "$1" "$2"
	sync -f "$(sbx_instdir "$1")"
}

# psql as postgres on the instance's PostgreSQL, from inside a node.
cl_psql() { # node-pid instance sql
	cl_on "$1" setpriv --reuid=postgres --regid=postgres --init-groups -- \
		"$SN_PG_BIN/psql" -X -A -t -q -v ON_ERROR_STOP=1 -h "${SN_ADDR[$2]}" \
		-p "$SN_PG_PORT" -U postgres -d postgres -c "$3"
}

# HTTP 200 from the instance's Tomcat, from inside a node.
cl_http_ok() { # node-pid instance
	cl_on "$1" curl -fs -m 5 -o /dev/null "http://${SN_ADDR[$2]}:$SN_HTTP_PORT/"
}

cl_start_node() { # name addr ifname -> prints the node's PID 1 (as seen here)
	local ushare pid
	unshare --mount --propagation private --uts --ipc --net --pid --fork --mount-proc \
		-- bash "$CL_LIB" --node "$@" </dev/null >"$SBX_SCRATCH/$1.out" 2>&1 &
	ushare=$!
	sbx_track "$ushare"
	for _ in $(seq 50); do
		pid=$(cat "/proc/$ushare/task/$ushare/children" 2>/dev/null)
		pid=${pid%% *}
		[ -n "$pid" ] && break
		sleep 0.1
	done
	[ -n "$pid" ] || sbx_fatal "node $1 did not start"
	echo "$pid"
}

# Both nodes, and the cable between them; sets CL_A and CL_B.
cl_start_nodes() {
	CL_A=$(cl_start_node node-a "$CL_A_ADDR" eth-a)
	CL_B=$(cl_start_node node-b "$CL_B_ADDR" eth-b)
	sbx_track "$CL_A" "$CL_B"
	ip link add eth-a type veth peer name eth-b || sbx_fatal "cannot make the veth pair"
	if ! ip link set eth-a netns "$CL_A" || ! ip link set eth-b netns "$CL_B"; then
		sbx_fatal "cannot move the veth ends into the nodes"
	fi
	# Hold node-a's network namespace: when node-a crashes its end of the
	# cable stays (a dead peer, not a vanished link), as with a real machine.
	: >"$SBX_SCRATCH/netns-a"
	mount --bind "/proc/$CL_A/ns/net" "$SBX_SCRATCH/netns-a" ||
		sbx_fatal "cannot hold node-a's netns"
}

cl_on() { # node-pid command...: run inside that node
	local pid=$1
	shift
	nsenter --target "$pid" --mount --uts --net --pid -- "$@"
}

# What a node's cluster stack says, for a failure report (on stderr).
cl_show_node() { # name node-pid
	local n=$1 pid=$2
	[ -d "/proc/$pid" ] || return 0
	{
		echo "  --- $n: crm_mon"
		cl_on "$pid" crm_mon -1 -r 2>&1 | sed 's/^/  | /'
		echo "  --- $n: corosync (last lines)"
		cl_on "$pid" tail -n 15 /run/corosync.log 2>&1 | sed 's/^/  | /'
		echo "  --- $n: pacemaker errors (last lines)"
		cl_on "$pid" grep -E 'error|crit' /var/log/pacemaker/pacemaker.log 2>&1 |
			tail -n 25 | sed 's/^/  | /'
	} >&2
}

# Where a node's Pacemaker sees a resource started ("" when nowhere).
cl_started_on() { # node-pid resource-id
	cl_on "$1" crm_mon -1 -r --output-as=xml 2>/dev/null |
		xmllint --xpath "string(//resource[@id='$2'][@role='Started']/node/@name)" - 2>/dev/null
}

# Poll every CL_POLL seconds until the command succeeds; CL_WAITED is how
# long that took. A failure is counted (sbx_fail).
cl_wait_until() { # seconds what command...
	local secs=$1 what=$2 t0
	shift 2
	t0=$(ms_now)
	while ! "$@"; do
		if [ $(($(ms_now) - t0)) -ge $((secs * 1000)) ]; then
			CL_WAITED=$(ms_since "$t0")
			sbx_fail "$what: not within $secs s"
			return 1
		fi
		sleep "$CL_POLL"
	done
	CL_WAITED=$(ms_since "$t0")
	sbx_log "$what after $CL_WAITED s"
}

cl_online_count() { # node-pid
	cl_on "$1" crm_mon -1 --output-as=xml 2>/dev/null |
		xmllint --xpath 'count(//nodes/node[@online="true"])' - 2>/dev/null
}
cl_both_online() {
	[ "$(cl_online_count "$CL_A")" = 2 ] && [ "$(cl_online_count "$CL_B")" = 2 ]
}
# True when, in that node's view, each resource is started where wanted.
cl_placed() { # node-pid "resource-id node"...
	local pid=$1 want
	shift
	for want in "$@"; do
		[ "$(cl_started_on "$pid" "${want% *}")" = "${want#* }" ] || return 1
	done
}
# True when the node (pid) sees the named node offline.
cl_sees_offline() { # node-pid name
	[ "$(cl_on "$1" crm_mon -1 --output-as=xml 2>/dev/null |
		xmllint --xpath "string(//nodes/node[@name='$2']/@online)" - 2>/dev/null)" = false ]
}

# scalix-ha cluster-conf's CIB form of the whole cluster, from the layout
# every node shares in the settings (CLUSTER_NODES, MAIL1_NODE, ...), as an
# administrator would load it; a bind mount stands in for the shared block
# device (fstype none, plus options=bind, which cluster-conf does not write).
CL_CIB=$SBX_SCRATCH/cib-conf.xml
cl_layout() {
	local real=()
	[ "$CL_SERVERS" = real ] && real=(START_TIMEOUT=90 STOP_TIMEOUT=10 KILL_GRACE=3
		"CHILD_ENV=\"JAVA_HOME=$SN_JAVA_HOME CATALINA_HOME=$SN_CATALINA_HOME\"")
	sbx_settings CHECK_PORTS= SCALIX_POSTGRES_READY=none SCALIX_TOMCAT_READY=none \
		"${real[@]}" 'CLUSTER_NODES="node-a node-b"' \
		MAIL1_NODE=node-a MAIL1_IP="$CL_NET.11/24" MAIL1_DEVICE=/var/opt/shared/m1 \
		MAIL1_FSTYPE=none \
		MAIL2_NODE=node-b MAIL2_IP="$CL_NET.12/24" MAIL2_DEVICE=/var/opt/shared/m2 \
		MAIL2_FSTYPE=none
}
cl_conf() {
	sbx_ha cluster-conf --format=cib |
		sed "s|\(<nvpair id=\"\([^\"]*\)-fstype\" name=\"fstype\" value=\"none\"/>\)|\1<nvpair id=\"\2-options\" name=\"options\" value=\"bind\"/>|"
}

# The configuration, loaded through node-a: cluster-conf's groups and
# location preferences (in CL_CIB), and no fencing: these simulated nodes
# have no fence device (a real cluster must; see scalix-ha(8)).
cl_configure() {
	local section
	cl_conf >"$CL_CIB" || sbx_fatal "cluster-conf failed"
	[ "$(grep -c 'name="options" value="bind"' "$CL_CIB")" = 2 ] ||
		sbx_fatal "could not add options=bind"
	cl_on "$CL_A" crm_attribute --type crm_config --name stonith-enabled --update false ||
		sbx_fail "cannot set stonith-enabled=false"
	for section in resources constraints; do
		cl_on "$CL_A" cibadmin -C -o "$section" --xml-text \
			"$(xmllint --xpath "/configuration/$section" "$CL_CIB")" ||
			sbx_fail "cibadmin -C of the generated $section failed"
	done
}

# The crash: the node's PID 1 gets KILL, and with it every process of the
# node. Returns once it is gone (1 if it survived, counted).
cl_crash() { # node-pid
	kill -KILL "$1"
	for _ in $(seq 50); do
		[ -d "/proc/$1" ] || break
		sleep 0.1
	done
	if [ -d "/proc/$1" ]; then
		sbx_fail "the node (PID $1 here) survived kill -9 of its PID 1"
		return 1
	fi
}
