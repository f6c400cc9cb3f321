#!/bin/bash
# A real two-node failover: Corosync 3 (knet, two_node) and Pacemaker on two
# simulated nodes, mail1 on node-a and mail2 on node-b, configured from
# `scalix-ha cluster-conf --format=cib`; then node-a crashes (kill -9 of the
# init of its PID namespace: its cluster stack and its Scalix processes die
# together) and node-b must run both instances.
#
# A node is a set of namespaces made inside the test's own sandbox: PID (so
# a crash takes all its processes, and each node's sweep sees only its own),
# mount (private /run, /dev/shm, /var/lib/pacemaker, /var/lib/corosync,
# /var/log/pacemaker), UTS (its host name) and network (its end of one veth
# pair, 169.254.77.1 or .2; no other address ever leaves these namespaces).
# The "shared storage" is a directory of the sandbox, bind-mounted by
# ocf:heartbeat:Filesystem on the node that runs the instance.
#
#   make cluster-test       (as root; about two minutes)
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/sandbox.sh"

NET=169.254.77
A_ADDR=$NET.1 B_ADDR=$NET.2

# --- inside a node (PID 1 of its namespaces) --------------------------------
node_main() {
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
	# The test moves our end of the veth pair in.
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
	# PID 1 reaps orphans until the test ends (or crashes) the node.
	while :; do
		wait
		sleep 1
	done
}
if [ "${1:-}" = --node ]; then
	shift
	node_main "$@"
	exit
fi

# --- the test ----------------------------------------------------------------
sbx_enter "$@"
for c in corosync pacemakerd crm_mon cibadmin nsenter; do
	command -v "$c" >/dev/null || {
		sbx_log "skip: no $c"
		exit 77
	}
done
sbx_setup
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
# The stand-ins accept no connections on 5733/8080: no depth 10 probes.
sbx_settings CHECK_PORTS=
# Instance addresses for the depth 0 world: harmless, but as in production.
printf '%s mail1.scalixdemo.com\n%s mail2.scalixdemo.com\n' "$NET.11" "$NET.12" >>/etc/hosts

# Shared storage: one directory per instance, laid out by the installer.
for i in mail1 mail2; do
	az=$(sbx_az "$i")
	mkdir -p "/var/opt/shared/$az" "$(sbx_instdir "$i")"
	mount --bind "/var/opt/shared/$az" "$(sbx_instdir "$i")"
	[ "$i" = mail1 ] && port=8005 || port=8006
	sbx_skeleton "$i" "$port"
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
		ring0_addr: $A_ADDR
		name: node-a
		nodeid: 1
	}
	node {
		ring0_addr: $B_ADDR
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

self=$(readlink -f "$0")
start_node() { # name addr ifname -> prints the node's PID 1 (as seen here)
	local ushare pid
	unshare --mount --propagation private --uts --net --pid --fork --mount-proc \
		-- bash "$self" --node "$@" </dev/null >"$SBX_SCRATCH/$1.out" 2>&1 &
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
A=$(start_node node-a "$A_ADDR" eth-a)
B=$(start_node node-b "$B_ADDR" eth-b)
sbx_track "$A" "$B"
ip link add eth-a type veth peer name eth-b || sbx_fatal "cannot make the veth pair"
if ! ip link set eth-a netns "$A" || ! ip link set eth-b netns "$B"; then
	sbx_fatal "cannot move the veth ends into the nodes"
fi
# Hold node-a's network namespace: when node-a crashes its end of the cable
# stays (a dead peer, not a vanished link), as with a real machine.
: >"$SBX_SCRATCH/netns-a"
mount --bind "/proc/$A/ns/net" "$SBX_SCRATCH/netns-a" || sbx_fatal "cannot hold node-a's netns"

on() { # node-pid command...: run inside that node
	local pid=$1
	shift
	nsenter --target "$pid" --mount --uts --net --pid -- "$@"
}

show_node() {
	local n=$1 pid=$2
	[ -d "/proc/$pid" ] || return 0
	{
		echo "  --- $n: crm_mon"
		on "$pid" crm_mon -1 -r 2>&1 | sed 's/^/  | /'
		echo "  --- $n: corosync (last lines)"
		on "$pid" tail -n 15 /run/corosync.log 2>&1 | sed 's/^/  | /'
		echo "  --- $n: pacemaker errors (last lines)"
		on "$pid" grep -E 'error|crit' /var/log/pacemaker/pacemaker.log 2>&1 |
			tail -n 25 | sed 's/^/  | /'
	} >&2
}

# Where a node's Pacemaker sees a resource started ("" when nowhere).
started_on() { # node-pid resource-id
	on "$1" crm_mon -1 -r --output-as=xml 2>/dev/null |
		xmllint --xpath "string(//resource[@id='$2'][@role='Started']/node/@name)" - 2>/dev/null
}
# Poll until the command succeeds.
wait_until() { # seconds what command...
	local secs=$1 what=$2 t0
	shift 2
	t0=$(date +%s)
	while ! "$@"; do
		if [ $(($(date +%s) - t0)) -ge "$secs" ]; then
			sbx_fail "$what: not within $secs s"
			return 1
		fi
		sleep 2
	done
	sbx_log "$what after $(($(date +%s) - t0)) s"
}
online_count() {
	on "$1" crm_mon -1 --output-as=xml 2>/dev/null |
		xmllint --xpath 'count(//nodes/node[@online="true"])' - 2>/dev/null
}
both_online() { [ "$(online_count "$A")" = 2 ] && [ "$(online_count "$B")" = 2 ]; }
placed() { # node-pid "resource-id node"...
	local pid=$1 want
	shift
	for want in "$@"; do
		[ "$(started_on "$pid" "${want% *}")" = "${want#* }" ] || return 1
	done
}

if ! wait_until 90 "both nodes online in both nodes' view" both_online; then
	show_node node-a "$A"
	show_node node-b "$B"
	sbx_done
fi

# The configuration, as an administrator would make it: cluster-conf's groups
# (a bind mount stands in for the shared block device), one preference each.
cib=$SBX_SCRATCH/cib-resources
conf() { # instance ip
	local az
	az=$(sbx_az "$1")
	sbx_ha cluster-conf --format=cib "$1" --ip "$2/24" \
		--device "/var/opt/shared/$az" --fstype none |
		sed "s|\(<nvpair id=\"\([^\"]*\)-fstype\" name=\"fstype\" value=\"none\"/>\)|\1<nvpair id=\"\2-options\" name=\"options\" value=\"bind\"/>|"
}
conf mail1 "$NET.11" >"$cib.mail1" || sbx_fatal "cluster-conf mail1 failed"
conf mail2 "$NET.12" >"$cib.mail2" || sbx_fatal "cluster-conf mail2 failed"
grep -q 'name="options" value="bind"' "$cib.mail1" || sbx_fatal "could not add options=bind"
on "$A" crm_attribute --type crm_config --name stonith-enabled --update false ||
	sbx_fail "cannot set stonith-enabled=false"
for i in mail1 mail2; do
	on "$A" cibadmin -C -o resources --xml-text "$(cat "$cib.$i")" ||
		sbx_fail "cibadmin -C of $i's group failed"
done
on "$A" cibadmin -C -o constraints --xml-text \
	'<rsc_location id="loc-mail1" rsc="scalix-mail1" node="node-a" score="100"/>' ||
	sbx_fail "location of mail1"
on "$A" cibadmin -C -o constraints --xml-text \
	'<rsc_location id="loc-mail2" rsc="scalix-mail2" node="node-b" score="100"/>' ||
	sbx_fail "location of mail2"

if ! wait_until 120 "mail1 on node-a, mail2 on node-b" placed "$B" \
	"scalix-mail1-instance node-a" "scalix-mail2-instance node-b" \
	"scalix-mail1-ip node-a" "scalix-mail2-ip node-b"; then
	show_node node-a "$A"
	show_node node-b "$B"
	sbx_done
fi
# Independently of Pacemaker: the helper on each node, and the address.
sbx_run on "$A" /usr/sbin/scalix-ha status mail1
sbx_expect_rc 0 "node-a: mail1 runs"
sbx_run on "$B" /usr/sbin/scalix-ha status mail2
sbx_expect_rc 0 "node-b: mail2 runs"
sbx_run on "$B" /usr/sbin/scalix-ha status mail1
sbx_expect_rc 3 "node-b: mail1 is not here"
on "$A" ip -o addr show | grep -q " $NET.11/" || sbx_fail "node-a lacks mail1's address"

# The crash: node-a's PID 1 gets KILL, and with it every process of node-a.
t0=$(date +%s)
kill -KILL "$A"
for _ in $(seq 50); do
	[ -d "/proc/$A" ] || break
	sleep 0.1
done
[ -d "/proc/$A" ] && sbx_fail "node-a survived kill -9 of its PID 1"
node_a_gone() {
	[ "$(on "$B" crm_mon -1 --output-as=xml 2>/dev/null |
		xmllint --xpath 'string(//nodes/node[@name="node-a"]/@online)' - 2>/dev/null)" = false ]
}
wait_until 60 "node-b sees node-a gone" node_a_gone
if ! wait_until 120 "node-b runs both instances" placed "$B" \
	"scalix-mail1-instance node-b" "scalix-mail2-instance node-b" \
	"scalix-mail1-ip node-b" "scalix-mail1-fs node-b"; then
	show_node node-b "$B"
	sbx_done
fi
sbx_log "failover complete $(($(date +%s) - t0)) s after the crash"
sbx_run on "$B" /usr/sbin/scalix-ha status mail1
sbx_expect_rc 0 "node-b: mail1 runs after the failover"
sbx_run on "$B" /usr/sbin/scalix-ha status mail2
sbx_expect_rc 0 "node-b: mail2 still runs"
on "$B" ip -o addr show | grep -q " $NET.11/" || sbx_fail "node-b lacks mail1's address"
on "$B" mountpoint -q "$(sbx_instdir mail1)" || sbx_fail "node-b has not mounted mail1's storage"
[ "$SBX_FAILED" -eq 0 ] || show_node node-b "$B"

sbx_done
