#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 14, cases 1a-1c: stop says 0 only when nothing uses the storage, also
# when only a thread uses it. Each process here holds its cwd on the storage
# where a sweep that reads the leader's cwd link as a path misses it:
#  (a) the thread-group leader has pthread_exit()ed (a zombie leader);
#  (b) a thread unshare()d CLONE_FS|CLONE_FILES and sits in the storage;
#  (c) the cwd is deeper than PATH_MAX (readlink fails with ENAMETOOLONG).
# Each is the instance's (it uses its storage): stop TERMs it and says 0
# only once it is gone.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_instance mail2 8006
sbx_install_helper mail1 mail2

stayer=$SBX_TOP/tests/integration/helpers/build/stayer
[ -x "$stayer" ] || sbx_fatal "no $stayer (make -C tests/integration/helpers)"
m1=$(sbx_instdir mail1)
m2=$(sbx_instdir mail2)

# True while any thread of PID lives (a zombie leader's threads count).
threads_alive() {
	local t st
	for t in /proc/"$1"/task/*; do
		st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "$t/status" 2>/dev/null)
		[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ] && return 0
	done
	return 1
}

# Start `stayer MODE DIR` in the background; its PID in $pid once ready.
stay() {
	local f=$SBX_SCRATCH/ready.$1.$RANDOM i
	"$stayer" "$1" "$2" >"$f" &
	pid=$!
	sbx_track "$pid"
	for i in $(seq 100); do
		grep -q ready "$f" 2>/dev/null && return 0
		sleep 0.05
	done
	sbx_fatal "stayer $1 did not get ready"
}

case_of() { # WHAT MODE
	local what=$1 other
	# A bystander doing the same on the other instance's storage.
	stay "$2" "$m2"
	other=$pid
	stay "$2" "$m1"
	threads_alive "$pid" || sbx_fatal "$what: the stayer is not alive"
	sbx_run sbx_rg mail1 stop
	sbx_expect_rc 0 "$what: stop"
	sleep 0.1
	if threads_alive "$pid"; then
		sbx_fail "$what: stop said $SBX_RC while pid $pid still uses $m1"
		sbx_dump
		kill -KILL "$pid"
	fi
	threads_alive "$other" || sbx_fail "$what: stop of mail1 killed mail2's $other"
	kill -KILL "$other" 2>/dev/null
	wait "$pid" "$other" 2>/dev/null
}

case_of "(a) leader exited, a thread in the storage" leader-exit
case_of "(b) a thread with its own fs in the storage" own-fs
case_of "(c) cwd deeper than PATH_MAX" deep

sbx_done
