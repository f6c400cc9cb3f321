#!/bin/bash
# SPDX-License-Identifier: MIT
# Pacemaker's own code runs the agents: crm_resource --force-start,
# --force-check and --force-stop against a CIB file (no cluster), for
# lsb:scalix-ha-mail1 (Pacemaker's LSB checklist) and ocf:scalix:instance.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
if ! command -v crm_resource >/dev/null || ! command -v cibadmin >/dev/null; then
	sbx_log "skip: no crm_resource/cibadmin (package pacemaker-cli-utils)"
	exit 77
fi
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1
sbx_instance mail2 8006
sbx_install_helper mail1 mail2

# Pacemaker looks for LSB scripts in /etc/init.d (Debian's layout; on Red
# Hat /etc/init.d is a link to /etc/rc.d/init.d).
mkdir -p /etc/init.d
ln -sfn /usr/sbin/scalix-ha /etc/init.d/scalix-ha-mail1
# The OCF agent as `make install` lays it out.
sbx_install_ocf_agent

export CIB_file=$SBX_SCRATCH/cib.xml
cibadmin --empty >"$CIB_file" || sbx_fatal "cibadmin --empty failed"
cibadmin -M -o crm_config -X '<crm_config><cluster_property_set id="cib-bootstrap-options">
  <nvpair id="opt-stonith" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>' ||
	sbx_fatal "cannot set stonith-enabled=false"
prim() { # id class [provider] type [instance]
	local xml="<primitive id=\"$1\" class=\"$2\""
	[ -n "$3" ] && xml+=" provider=\"$3\""
	xml+=" type=\"$4\">"
	[ -n "${5:-}" ] && xml+="<instance_attributes id=\"$1-ia\"><nvpair id=\"$1-ia-instance\" name=\"instance\" value=\"$5\"/></instance_attributes>"
	xml+="<operations><op id=\"$1-monitor\" name=\"monitor\" interval=\"30s\" timeout=\"40s\"/></operations></primitive>"
	cibadmin -C -o resources -X "$xml" || sbx_fatal "cannot add $1 to the CIB"
}
prim lsb-mail1 lsb "" scalix-ha-mail1
prim ocf-mail2 ocf scalix instance mail2
prim ocf-mail9 ocf scalix instance mail9
sbx_run crm_verify -V -x "$CIB_file"
sbx_expect_rc 0 "crm_verify of the test CIB"

# crm_resource exits with the OCF code it mapped the agent's answer to:
# LSB status 3 (and 1, 2) become 7 "not running".
cr() {
	sbx_run crm_resource "$@"
}
said() { # TEXT WHAT: the last crm_resource reported TEXT
	grep -qF -- "$1" "$SBX_OUT" "$SBX_ERR" || {
		sbx_fail "$2: crm_resource did not say '$1'"
		sbx_dump
	}
}

# --- lsb:scalix-ha-mail1: the checklist ------------------------------------
cr --force-stop -r lsb-mail1
sbx_expect_rc 0 "lsb: stop when stopped (never started)"
cr --force-start -r lsb-mail1
sbx_expect_rc 0 "lsb: start when stopped"
said "returned 0 (ok)" "lsb: start when stopped"
sbx_expect_running mail1 "lsb: after start"
before=$(sbx_instance_pids mail1)
cr --force-check -r lsb-mail1
sbx_expect_rc 0 "lsb: status when running"
said "returned 0 (ok)" "lsb: status when running"
cr --force-start -r lsb-mail1
sbx_expect_rc 0 "lsb: start when running"
sbx_expect_eq "$(sbx_instance_pids mail1 | tr '\n' ' ')" "$(echo "$before" | tr '\n' ' ')" \
	"lsb: start when running left the processes alone"
cr --force-stop -r lsb-mail1
sbx_expect_rc 0 "lsb: stop when running"
sbx_expect_stopped mail1 "lsb: after stop"
cr --force-check -r lsb-mail1
sbx_expect_rc 7 "lsb: status when stopped (Pacemaker's 'not running')"
said "returned 7 (not running)" "lsb: status when stopped"
# What Pacemaker mapped: the script's own code.
sbx_run env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin /etc/init.d/scalix-ha-mail1 status
sbx_expect_rc 3 "lsb: the script's status when stopped"
cr --force-stop -r lsb-mail1
sbx_expect_rc 0 "lsb: stop when stopped"
# Failed (postmaster killed -9): status 1, which Pacemaker takes as not
# running, so it recovers by stop and start; stop cleans up.
cr --force-start -r lsb-mail1
sbx_expect_rc 0 "lsb: start again"
sbx_kill9 "$(sbx_pids_named postmaster)"
sleep 0.2
sbx_run env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin /etc/init.d/scalix-ha-mail1 status
sbx_expect_rc 1 "lsb: the script's status when failed"
cr --force-check -r lsb-mail1
sbx_expect_rc 7 "lsb: status when failed, as Pacemaker sees it"
cr --force-stop -r lsb-mail1
sbx_expect_rc 0 "lsb: stop when failed"
sbx_expect_stopped mail1 "lsb: after stop when failed"

# --- ocf:scalix:instance ---------------------------------------------------
cr --validate -r ocf-mail2
sbx_expect_rc 0 "ocf: validate-all"
cr --force-check -r ocf-mail2
sbx_expect_rc 7 "ocf: monitor when stopped"
cr --force-stop -r ocf-mail2
sbx_expect_rc 0 "ocf: stop when stopped"
cr --force-start -r ocf-mail2
sbx_expect_rc 0 "ocf: start"
sbx_expect_running mail2 "ocf: after start"
sbx_expect_stopped mail1 "ocf: mail1 untouched by mail2's start"
cr --force-check -r ocf-mail2
sbx_expect_rc 0 "ocf: monitor when running"
# --force-check=10 is OCF_CHECK_LEVEL=10: the readiness probes (the
# stand-ins serve 5733 and HTTP 8080 on mail2's address), then CHECK_PORTS.
cr --force-check=10 -r ocf-mail2
sbx_expect_rc 0 "ocf: depth 10 monitor, servers serving"
sbx_settings "SCALIX_POSTGRES_READY=tcp:%h:5799"
cr --force-check=10 -r ocf-mail2
sbx_expect_rc 1 "ocf: depth 10 monitor, PostgreSQL's probe refused"
sbx_settings
cr --force-start -r ocf-mail2
sbx_expect_rc 0 "ocf: start when running"
cr --force-stop -r ocf-mail2
sbx_expect_rc 0 "ocf: stop when running"
sbx_expect_stopped mail2 "ocf: after stop"
cr --force-check -r ocf-mail2
sbx_expect_rc 7 "ocf: monitor after stop"
said "returned 7 (not running)" "ocf: monitor after stop"

# An unregistered instance: nothing of it runs here, so the probe says 7
# (a 6 would ban the resource from every node); start 5 (not installed
# here: Pacemaker tries another node); 6 only from validate-all.
cr --force-check -r ocf-mail9
sbx_expect_rc 7 "ocf: monitor of an unregistered instance"
cr --force-stop -r ocf-mail9
sbx_expect_rc 0 "ocf: stop of an unregistered instance"
cr --force-start -r ocf-mail9
sbx_expect_rc 5 "ocf: start of an unregistered instance"
cr --validate -r ocf-mail9
sbx_expect_rc 6 "ocf: validate-all of an unregistered instance"

sbx_done
