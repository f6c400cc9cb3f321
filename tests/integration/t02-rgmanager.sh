#!/bin/bash
# SPDX-License-Identifier: MIT
# rgmanager's <script file="/etc/rc.d/init.d/scalix-ha-mail1"/>: one verb, the
# environment replaced by rgmanager's own (no HOME, no OMCURRENT, no JAVA_HOME).
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_instance mail2 8006
sbx_install_helper mail1 mail2

# rgmanager stops every service when it starts: stop of a stopped instance.
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop before any start"
sbx_run sbx_rg mail1 status
sbx_expect_rc 3 "status before any start"

sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start"
sbx_expect_running mail1 "after start"
sbx_expect_stopped mail2 "start of mail1 touched mail2"
[ -e /var/lock/subsys/scalix-ha-mail1 ] || sbx_fail "no subsys lock for mail1"
[ -e /var/lock/subsys/scalix-ha-mail2 ] && sbx_fail "subsys lock for mail2"

# The children saw the helper's environment, not rgmanager's.
pm=$(sbx_pids_named postmaster)
env_of() { tr '\0' '\n' <"/proc/$1/environ"; }
sbx_expect_eq "$(env_of "$pm" | grep -c '^OCF_')" 0 "OCF_ variables passed to the sub-services"
sbx_expect_eq "$(env_of "$pm" | sed -n 's/^OMCURRENT=//p')" mail1 "OMCURRENT of the postmaster"
sbx_expect_eq "$(env_of "$pm" | sed -n 's/^PATH=//p')" \
	/opt/scalix/bin:/opt/scalix/diag:/opt/scalix-tomcat/bin:/opt/scalix-postgres/bin:/sbin:/usr/sbin:/bin:/usr/bin \
	"PATH of the postmaster (CHILD_PATH default)"

# Every monitor pass: 0 while running.
for _ in 1 2 3; do
	sbx_run sbx_rg mail1 status
	sbx_expect_rc 0 "status while running"
done

# Exactly one argument: an instance argument or a second verb is refused.
sbx_run env -i PATH="$SBX_RG_PATH" /etc/rc.d/init.d/scalix-ha-mail1 status mail1
sbx_expect_rc 2 "scalix-ha-mail1 status mail1"
sbx_run env -i PATH="$SBX_RG_PATH" /etc/rc.d/init.d/scalix-ha-mail1
sbx_expect_rc 2 "scalix-ha-mail1 without a verb"
sbx_run env -i PATH="$SBX_RG_PATH" /etc/rc.d/init.d/scalix-ha-mail1 start stop
sbx_expect_rc 2 "scalix-ha-mail1 start stop"
sbx_expect_running mail1 "after the refused calls"

sbx_run sbx_rg mail2 status
sbx_expect_rc 3 "status of mail2 through its own name"

sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop"
sbx_expect_stopped mail1 "after stop"
[ -e /var/lock/subsys/scalix-ha-mail1 ] && sbx_fail "stop left the subsys lock"
sbx_run sbx_rg mail1 status
sbx_expect_rc 3 "status after stop"

# A per-instance link to the init wrapper works the same way, when the tree
# has the wrapper.
if [ -f /etc/rc.d/init.d/scalix-ha ]; then
	ln -sfn scalix-ha /etc/rc.d/init.d/scalix-ha-mail2
	sbx_run sbx_rg mail2 start
	sbx_expect_rc 0 "start through a link to the init wrapper"
	sbx_expect_running mail2 "after start through the wrapper"
	sbx_run sbx_rg mail2 stop
	sbx_expect_rc 0 "stop through a link to the init wrapper"
	sbx_expect_stopped mail2 "after stop through the wrapper"
	# service scalix-ha start mail2: the wrapper with two arguments.
	sbx_run env -i PATH="$SBX_RG_PATH" LANG=C /etc/rc.d/init.d/scalix-ha status mail2
	sbx_expect_rc 3 "service scalix-ha status mail2"
fi

sbx_done
