#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 14, case 8: under Pacemaker the operation's timeout
# (OCF_RESKEY_CRM_meta_timeout, ms) bounds start and stop: both end before
# it, failing cleanly if they must (nothing of the instance left), whatever
# the settings' own bounds. Without it (rgmanager), the settings' bounds.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1
sbx_install_helper mail1
sbx_install_ocf_agent
agent=$SBX_OCF_AGENT

ocf() {
	local action=$1
	shift
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C LC_ALL=C \
		OCF_ROOT=/usr/lib/ocf OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1 \
		OCF_RESOURCE_INSTANCE=mail1 OCF_RESOURCE_TYPE=instance \
		OCF_RESKEY_instance=mail1 "$@" "$agent" "$action"
}

# Settings far longer than the cluster's operation.
sbx_settings START_TIMEOUT=60 STOP_TIMEOUT=60 KILL_GRACE=2

# A start whose Tomcat hangs: 8 s of operation, the settings would take 60.
sbx_fault mail1 tomcat.hang-start
sbx_run ocf start OCF_RESKEY_CRM_meta_timeout=8000
sbx_expect_rc 1 "start with a hung Tomcat under an 8 s operation timeout"
sbx_expect_ms_at_most 8000 "the start ends before the cluster's timeout"
sbx_expect_stopped mail1 "the start failed cleanly"
sbx_unfault mail1 tomcat.hang-start

# A stop whose Tomcat stop hangs and whose daemons ignore TERM: 7 s.
sbx_run ocf start OCF_RESKEY_CRM_meta_timeout=20000
sbx_expect_rc 0 "start"
sbx_fault mail1 tomcat.hang-stop
sbx_run ocf stop OCF_RESKEY_CRM_meta_timeout=7000
sbx_expect_rc 0 "stop with a hung Tomcat stop under a 7 s operation timeout"
sbx_expect_ms_at_most 7000 "the stop ends before the cluster's timeout"
sbx_expect_stopped mail1 "after the stop"
sbx_unfault mail1 tomcat.hang-stop

# An operation shorter than KILL_GRACE itself: the grace shrinks to fit.
sbx_settings START_TIMEOUT=60 STOP_TIMEOUT=60 KILL_GRACE=10
sbx_fault mail1 postgres.ignore-term
sbx_run ocf start OCF_RESKEY_CRM_meta_timeout=20000
sbx_expect_rc 0 "start with a TERM-deaf postmaster"
sbx_fault mail1 postgres.hang-stop
sbx_run ocf stop OCF_RESKEY_CRM_meta_timeout=5000
sbx_expect_rc 0 "stop with a TERM-deaf postmaster under a 5 s operation timeout"
sbx_expect_ms_at_most 5000 "the stop ends before the cluster's timeout (KILL_GRACE 10)"
sbx_expect_stopped mail1 "after the short stop"
sbx_unfault mail1 postgres.hang-stop
sbx_unfault mail1 postgres.ignore-term

# rgmanager (no operation timeout): the settings' bounds apply. A hung
# Tomcat start with START_TIMEOUT=3 fails after about 3 s, not earlier.
sbx_settings START_TIMEOUT=3 STOP_TIMEOUT=2 KILL_GRACE=1
sbx_fault mail1 tomcat.hang-start
sbx_run sbx_rg mail1 start
sbx_expect_rc 1 "rgmanager start with a hung Tomcat"
[ "$SBX_MS" -ge 3000 ] || sbx_fail "the rgmanager start gave up after $SBX_MS ms, before START_TIMEOUT"
sbx_expect_stopped mail1 "after the rgmanager start"
sbx_unfault mail1 tomcat.hang-start

sbx_done
