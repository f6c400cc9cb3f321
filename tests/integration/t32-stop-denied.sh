#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 14, case 2: when /proc refuses the helper a look (here it runs
# without CAP_SYS_PTRACE, as in a confined cluster domain, so the cwd,
# descriptors and mappings of processes with more privileges than its own are
# hidden), such a process may use the storage. Status must not say "stopped"
# and its pid files are not stale; stop must not say 0 while one lives: it
# says 1 and names it, and never signals it (it cannot know it is ours).
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1 8005
sbx_install_helper mail1
command -v setpriv >/dev/null || {
	sbx_log "skip: no setpriv"
	exit 77
}
setpriv --bounding-set=-sys_ptrace true 2>/dev/null || {
	sbx_log "skip: setpriv cannot drop CAP_SYS_PTRACE here"
	exit 77
}

m1=$(sbx_instdir mail1)
# rgmanager's call, the helper without CAP_SYS_PTRACE. setpriv runs a
# program, not a shell function: export what sbx_rg needs.
export -f sbx_rg
export SBX_RG_PATH
confined() {
	setpriv --bounding-set=-sys_ptrace --inh-caps=-sys_ptrace -- \
		bash -c 'sbx_rg "$@"' confined "$@"
}

sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start"
sbx_expect_running mail1 "start"
pg=$(head -n 1 "$m1/postgres/data/postmaster.pid")

# The running instance, seen by the confined helper: its pid files name
# processes it cannot examine, so it cannot tell: 4, never 3 (or 1, "dead").
sbx_run confined mail1 status
sbx_expect_rc 4 "confined status of a running instance"
[ -e "$m1/postgres/data/postmaster.pid" ] || sbx_fail "confined status removed postmaster.pid"

# A process of root's with its cwd on the storage, which the confined helper
# cannot examine.
(cd "$m1/s" && exec sleep 1000) &
hidden=$!
sbx_track "$hidden"
sleep 0.2

sbx_run confined mail1 stop
sbx_expect_rc 1 "confined stop while pid $hidden may use the storage"
sbx_expect_stderr_has "$hidden" "confined stop names the process it could not examine"
sbx_alive "$hidden" || sbx_fail "confined stop signalled pid $hidden, which it could not examine"
sbx_alive "$pg" && sbx_fail "confined stop left the postmaster ($pg) running"

# The helper with its privileges sees it, and stops it.
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop"
sbx_expect_stopped mail1 "after stop"
sbx_alive "$hidden" && sbx_fail "stop left pid $hidden on the storage"
kill -KILL "$hidden" 2>/dev/null
wait "$hidden" 2>/dev/null

sbx_done
