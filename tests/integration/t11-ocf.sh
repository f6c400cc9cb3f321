#!/bin/bash
# SPDX-License-Identifier: MIT
# ocf:scalix:instance: meta-data against the OCF DTD, the exact codes of each
# action, OCF_CHECK_LEVEL 10 (TCP probes on the instance's address), the
# timeout parameters, and ocf-tester end to end.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1
sbx_install_helper mail1

dtd=/usr/share/resource-agents/ra-api-1.dtd
[ -r "$dtd" ] || sbx_fatal "no OCF DTD at $dtd (package resource-agents)"
command -v ocf-tester >/dev/null || sbx_fatal "no ocf-tester (package resource-agents)"

# The agent as `make install` lays it out: a relative symlink to the helper.
# /usr/lib/ocf is not one of the sandbox's layers: give it one.
sbx_install_ocf_agent
agent=$SBX_OCF_AGENT
[ -x "$agent" ] || sbx_fatal "$agent does not resolve to the helper"

# The instance's address: a loopback address of this network namespace
# (sbx_registry put it in /etc/hosts).
addr=$(sbx_addr mail1)

# Pacemaker's call: a clean environment, parameters as OCF_RESKEY_*.
ocf() {
	local action=$1
	shift
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C LC_ALL=C \
		OCF_ROOT=/usr/lib/ocf OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=0 \
		OCF_RESOURCE_INSTANCE=mail1 OCF_RESOURCE_TYPE=instance \
		OCF_RESKEY_CRM_meta_timeout=20000 "$@" "$agent" "$action"
}

# --- meta-data -----------------------------------------------------------
sbx_run ocf meta-data
sbx_expect_rc 0 "meta-data"
if ! xmllint --noout --dtdvalid "$dtd" "$SBX_OUT" 2>"$SBX_ERR"; then
	sbx_fail "meta-data does not validate against $dtd"
	sbx_dump
fi
for p in instance start_timeout stop_timeout kill_grace; do
	[ "$(xmllint --xpath "count(/resource-agent/parameters/parameter[@name='$p'])" "$SBX_OUT" 2>/dev/null)" = 1 ] ||
		sbx_fail "meta-data lacks parameter $p"
done
sbx_expect_eq "$(xmllint --xpath "string(/resource-agent/parameters/parameter[@name='instance']/@required)" "$SBX_OUT")" 1 \
	"parameter instance is required"
for a in start stop monitor meta-data validate-all; do
	[ "$(xmllint --xpath "count(/resource-agent/actions/action[@name='$a'])" "$SBX_OUT")" -ge 1 ] ||
		sbx_fail "meta-data lacks action $a"
done
sbx_expect_eq "$(xmllint --xpath "count(/resource-agent/actions/action[@name='monitor'][@depth='10'])" "$SBX_OUT")" 1 \
	"meta-data offers a depth 10 monitor"
# OCF 1.1, and operation timeouts that are the helper's bounds under this
# node's settings (START_TIMEOUT=10 STOP_TIMEOUT=2 KILL_GRACE=1): start
# 3 x 10 + (3 x 2 + 1 + 1) + 20 -> 60 s, stop 2 + 8 + 30 -> 40 s.
sbx_expect_eq "$(xmllint --xpath "string(/resource-agent/version)" "$SBX_OUT")" 1.1 \
	"meta-data is OCF 1.1"
sbx_expect_eq "$(xmllint --xpath "string(/resource-agent/actions/action[@name='start']/@timeout)" "$SBX_OUT")" 60s \
	"meta-data start timeout from the settings"
sbx_expect_eq "$(xmllint --xpath "string(/resource-agent/actions/action[@name='stop']/@timeout)" "$SBX_OUT")" 40s \
	"meta-data stop timeout from the settings"
# No instance parameter is needed for meta-data, nor root.
sbx_run su nobody -s /bin/sh -c "$agent meta-data"
sbx_expect_rc 0 "meta-data as nobody"

# --- codes of a bad configuration ----------------------------------------
sbx_run ocf monitor
sbx_expect_rc 6 "monitor without the instance parameter"
sbx_run ocf validate-all
sbx_expect_rc 6 "validate-all without the instance parameter"
# Unregistered here (t26 has the whole story): nothing of it runs here, so
# the probe says 7 and stop 0; start 5 sends Pacemaker to another node.
sbx_run ocf monitor OCF_RESKEY_instance=mail9
sbx_expect_rc 7 "monitor of an unregistered instance"
sbx_expect_stderr_has "not registered" "monitor of an unregistered instance says why"
sbx_run ocf start OCF_RESKEY_instance=mail9
sbx_expect_rc 5 "start of an unregistered instance"
sbx_run ocf stop OCF_RESKEY_instance=mail9
sbx_expect_rc 0 "stop of an unregistered instance"
sbx_run ocf validate-all OCF_RESKEY_instance=mail9
sbx_expect_rc 6 "validate-all of an unregistered instance"
sbx_run ocf monitor 'OCF_RESKEY_instance=../x'
sbx_expect_rc 6 "monitor with an invalid instance name"
sbx_run ocf monitor OCF_RESKEY_instance=mail1 OCF_RESKEY_stop_timeout=soon
sbx_expect_rc 6 "a stop_timeout that is not a number"
sbx_run ocf bogus OCF_RESKEY_instance=mail1
sbx_expect_rc 3 "an unknown action"
sbx_run ocf notify OCF_RESKEY_instance=mail1
sbx_expect_rc 3 "notify (unimplemented)"
# A path from the settings too long to lock or sweep by: a configuration error.
sbx_settings "RUN_DIR=/var/run$(printf '/seg%.0s' $(seq 1100))"
sbx_run ocf monitor OCF_RESKEY_instance=mail1
sbx_expect_rc 6 "monitor with a RUN_DIR longer than PATH_MAX"
sbx_expect_stderr_has "too long" "monitor with a long RUN_DIR says why"
sbx_run ocf stop OCF_RESKEY_instance=mail1
sbx_expect_rc 6 "stop with a RUN_DIR longer than PATH_MAX"
sbx_settings

# --- the life cycle ------------------------------------------------------
sbx_run ocf validate-all OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "validate-all"
sbx_run ocf monitor OCF_RESKEY_instance=mail1
sbx_expect_rc 7 "monitor of a cleanly stopped instance"
sbx_run ocf monitor OCF_RESKEY_instance=mail1 OCF_CHECK_LEVEL=10
sbx_expect_rc 7 "depth 10 monitor of a cleanly stopped instance"
sbx_run ocf stop OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "stop when stopped"
sbx_run ocf start OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "start"
sbx_expect_running mail1 "after start"
sbx_run ocf monitor OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "monitor when running"
sbx_run ocf monitor OCF_RESKEY_instance=mail1 OCF_CHECK_LEVEL=0
sbx_expect_rc 0 "depth 0 monitor when running"

# Depth 10: the readiness probes start waited for, then CHECK_PORTS. The
# stand-ins serve on the instance's address: PostgreSQL 5733, Tomcat HTTP 8080.
sbx_run ocf monitor OCF_RESKEY_instance=mail1 OCF_CHECK_LEVEL=10
sbx_expect_rc 0 "depth 10 monitor, both servers serving on $addr"
# A Tomcat probe on a port nothing serves: depth 10 fails, depth 0 does not.
sbx_settings "SCALIX_TOMCAT_READY=http:%h:8099"
sbx_run ocf monitor OCF_RESKEY_instance=mail1 OCF_CHECK_LEVEL=10
sbx_expect_rc 1 "depth 10 monitor, Tomcat's probe refused"
sbx_expect_stderr_has "mail1.scalixdemo.com:8099" "depth 10 monitor names what it probed"
sbx_run ocf monitor OCF_RESKEY_instance=mail1 OCF_CHECK_LEVEL=0
sbx_expect_rc 0 "depth 0 monitor ignores the probes"
# A CHECK_PORTS port that nothing accepts on.
sbx_settings 'CHECK_PORTS="5733 5999"'
sbx_run ocf monitor OCF_RESKEY_instance=mail1 OCF_CHECK_LEVEL=10
sbx_expect_rc 1 "depth 10 monitor, a CHECK_PORTS port refused"
sbx_expect_stderr_has "mail1.scalixdemo.com:5999" "depth 10 monitor names the port"
sbx_settings

sbx_run ocf start OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "start when running"
sbx_run ocf stop OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "stop when running"
sbx_expect_stopped mail1 "after stop"
sbx_run ocf monitor OCF_RESKEY_instance=mail1
sbx_expect_rc 7 "monitor after stop"

# A failed instance (postmaster killed -9) is an error, not "stopped".
sbx_run ocf start OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "start again"
sbx_kill9 "$(sbx_pids_named postmaster)"
sleep 0.2
sbx_run ocf monitor OCF_RESKEY_instance=mail1
sbx_expect_rc 1 "monitor with the postmaster killed -9"
sbx_run ocf stop OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "stop of the failed instance"
sbx_expect_stopped mail1 "after stop of the failed instance"

# The timeout parameters override the settings: a hung Tomcat stop with
# STOP_TIMEOUT=30 in the file ends within stop_timeout=1 (lock 1 s + 3 x 1 s
# + kill_grace 1 s + 1 s, plus slack for a loaded machine).
sbx_settings STOP_TIMEOUT=30 KILL_GRACE=5
sbx_run ocf start OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "start before the hung stop"
sbx_fault mail1 tomcat.hang-stop
sbx_run ocf stop OCF_RESKEY_instance=mail1 OCF_RESKEY_stop_timeout=1 OCF_RESKEY_kill_grace=1
sbx_expect_rc 0 "stop with a hung Tomcat stop"
sbx_expect_ms_at_most 12000 "stop bounded by the stop_timeout and kill_grace parameters"
sbx_expect_stopped mail1 "after the hung stop"
sbx_unfault mail1 tomcat.hang-stop
sbx_settings

# Storage not mounted here: cleanly stopped (the probe on the other node).
umount "$(sbx_instdir mail1)"
sbx_run ocf monitor OCF_RESKEY_instance=mail1
sbx_expect_rc 7 "monitor with the storage not mounted"
sbx_run ocf stop OCF_RESKEY_instance=mail1
sbx_expect_rc 0 "stop with the storage not mounted"
sbx_run ocf start OCF_RESKEY_instance=mail1
sbx_expect_rc 1 "start refused by the mount guard"
# A subsys lock that survived a crash (on disk under /var/lock): the
# storage is elsewhere, so the probe still says "not running here".
touch /var/lock/subsys/scalix-ha-mail1
sbx_run ocf monitor OCF_RESKEY_instance=mail1
sbx_expect_rc 7 "monitor with the storage elsewhere and a stale subsys lock"
rm -f /var/lock/subsys/scalix-ha-mail1
sbx_instance mail1

# ocf-tester, complete (it runs as Pacemaker would, as root, with
# OCF_ROOT=/usr/lib/ocf).
sbx_run env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C \
	ocf-tester -n mail1 -o instance=mail1 "$agent"
sbx_expect_rc 0 "ocf-tester"
grep -q "passed all tests" "$SBX_OUT" || {
	sbx_fail "ocf-tester did not pass all tests"
	sbx_dump
}
sed 's/^/  ocf-tester: /' "$SBX_OUT" >&2
sbx_expect_stopped mail1 "after ocf-tester"

sbx_done
