#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 14, case 1d: a process in its own user and mount namespace with the
# instance's storage bind-mounted there (its cwd elsewhere) holds the file
# system mounted: after the cluster's umount here it would stay mounted, and
# written, in that namespace. It uses the instance's storage, so stop TERMs
# it like the instance's other processes and says 0 only once it is gone.
# A namespace that does not hold the storage (it unmounted its copy) is left
# alone.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_instance mail2 8006
sbx_install_helper mail1 mail2

m1=$(sbx_instdir mail1)
m2=$(sbx_instdir mail2)
mkdir -p "$SBX_SCRATCH/nsbind"
unshare -Urm true 2>/dev/null || {
	sbx_log "skip: no user namespaces here (unshare -Urm)"
	exit 77
}

# nsholder DIR [UNMOUNT]: a sleep in a new user+mount namespace where DIR is
# bind-mounted on $SBX_SCRATCH/nsbind; cwd "/". With UNMOUNT, a mount
# namespace of root's instead (its copies are not locked) in which UNMOUNT is
# unmounted. PID in $pid.
nsholder() {
	local f=$SBX_SCRATCH/ready.$RANDOM i how=(-Urm)
	[ -n "${2:-}" ] && how=(-m)
	unshare "${how[@]}" --propagation private sh -c '
		{ [ -z "$3" ] || umount "$3"; } && mount --bind "$1" "$2" && cd / &&
		echo ready && exec sleep 1000' nsholder "$1" "$SBX_SCRATCH/nsbind" "${2:-}" >"$f" &
	pid=$!
	sbx_track "$pid"
	for i in $(seq 100); do
		grep -q ready "$f" 2>/dev/null && return 0
		sleep 0.05
	done
	sbx_fatal "the namespace holder for $1 did not get ready"
}

nsholder "$m2" "$m1"
other=$pid
nsholder "$m1"
grep -q " $SBX_SCRATCH/nsbind " "/proc/$pid/mountinfo" ||
	sbx_fatal "the storage is not bind-mounted in the holder's namespace"

sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop with the storage mounted in another namespace"
sleep 0.1
if sbx_alive "$pid"; then
	sbx_fail "stop said $SBX_RC while pid $pid holds $m1 mounted in its namespace"
	sbx_dump
fi
sbx_alive "$other" || sbx_fail "stop of mail1 killed $other, which holds mail2's storage"

# With the holder gone the storage is free: umount here leaves it nowhere.
umount "$m1" || sbx_fail "cannot unmount $m1 after stop"
kill -KILL "$pid" "$other" 2>/dev/null
wait "$pid" "$other" 2>/dev/null

sbx_done
