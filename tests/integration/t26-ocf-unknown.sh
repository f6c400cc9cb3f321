#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 14, case 6: the OCF codes for an instance this node does not know
# (not in its registry, or the registry is broken). Pacemaker's probe must
# learn whether anything of it runs here: 7 when nothing does, 1 when
# something does; stop 0 when nothing runs; start 5 (not on this node: try
# another); 6 only from validate-all. The instance's directory comes from
# the name's az and INSTANCE_DIR.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail2
sbx_install_helper mail2
sbx_install_ocf_agent
agent=$SBX_OCF_AGENT

ocf() {
	local action=$1
	shift
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C LC_ALL=C \
		OCF_ROOT=/usr/lib/ocf OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1 \
		OCF_RESOURCE_INSTANCE=mail1 OCF_RESOURCE_TYPE=instance \
		OCF_RESKEY_CRM_meta_timeout=20000 OCF_RESKEY_instance=mail1 "$@" \
		"$agent" "$action"
}

# codes WHAT MONITOR STOP: the probe, a recurring monitor and stop.
codes() {
	sbx_run ocf monitor OCF_RESKEY_CRM_meta_interval=0
	sbx_expect_rc "$2" "$1: probe"
	sbx_run ocf monitor OCF_RESKEY_CRM_meta_interval=30000 OCF_CHECK_LEVEL=10
	sbx_expect_rc "$2" "$1: depth 10 monitor"
	sbx_run ocf stop
	sbx_expect_rc "$3" "$1: stop"
	sbx_run ocf start
	sbx_expect_rc 5 "$1: start (not on this node)"
	sbx_run ocf validate-all
	sbx_expect_rc 6 "$1: validate-all"
}

# mail1 is not registered: its storage elsewhere, then mounted but idle.
codes "unregistered, storage elsewhere" 7 0
sbx_expect_stderr_has "not registered" "validate-all says why"
mkdir -p /var/opt/scalix/m1
mount -t tmpfs sbx-mail1 /var/opt/scalix/m1
codes "unregistered, storage mounted and idle" 7 0

# Something of it runs: the probe must not call it stopped, nor stop say 0.
mkdir -p /var/opt/scalix/m1/s
(cd /var/opt/scalix/m1/s && exec sleep 1000) &
user=$!
sbx_track "$user"
sleep 0.2
codes "unregistered, a process on its storage" 1 1
sbx_run ocf stop
sbx_expect_stderr_has "in use" "the stop says the storage is in use"
kill -KILL "$user"
wait "$user" 2>/dev/null

# A broken registry (two names on one az): the same answers.
printf 'OMNAME=main2\nOMHOSTNAME=main2.scalixdemo.com\nOMDATADIR=/var/opt/scalix/m2/s\n#\n' \
	>>/etc/opt/scalix/instance.cfg
codes "broken registry, nothing runs" 7 0
# No registry at all.
rm -f /etc/opt/scalix/instance.cfg
codes "no registry, nothing runs" 7 0
umount /var/opt/scalix/m1
codes "no registry, storage elsewhere" 7 0

sbx_done
