#!/bin/bash
# SPDX-License-Identifier: MIT
# Exit codes for bad calls: unknown instance, invalid instance name, unknown
# verb, broken registry or settings, not root (doc/CONTRACT.md).
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1
sbx_install_helper mail1 mail9

expect() { # CODE WHAT ARGS...
	local code=$1 what=$2
	shift 2
	sbx_run "$@"
	sbx_expect_rc "$code" "$what"
}

# Unknown instance: start 6, stop 6, status 4 (status unknown).
expect 6 "start of an unknown instance" sbx_ha start mail9
expect 6 "stop of an unknown instance" sbx_ha stop mail9
expect 4 "status of an unknown instance" sbx_ha status mail9
expect 6 "scalix-ha-mail9 start (unknown)" sbx_rg mail9 start
expect 6 "scalix-ha-mail9 stop (unknown)" sbx_rg mail9 stop
expect 4 "scalix-ha-mail9 status (unknown)" sbx_rg mail9 status
sbx_expect_empty "$(find /var/opt/scalix -mindepth 1 -maxdepth 1 ! -name m1)" \
	"created for the unknown instance"

# Invalid instance names: 2, for every verb.
for name in ../m1 mail/1 "mail 1" "" -x "mail1;id" "$(printf 'mail\n1')"; do
	for verb in start stop status; do
		expect 2 "$verb of the invalid name '$name'" sbx_ha "$verb" "$name"
	done
done

# Bad verbs and arguments: 2.
expect 2 "no verb" sbx_ha
expect 2 "unknown verb" sbx_ha frobnicate mail1
expect 2 "unknown option" sbx_ha --frobnicate status mail1
expect 3 "reload (unimplemented)" sbx_ha reload mail1

# Several instances: the first non-zero code wins.
expect 6 "stop mail1 mail9" sbx_ha stop mail1 mail9
expect 3 "status mail1 mail9 (mail1 stopped comes first)" sbx_ha status mail1 mail9
expect 4 "status mail9 mail1" sbx_ha status mail9 mail1
expect 3 "status mail1 (stopped)" sbx_ha status mail1

# Not root: start and stop 4.
expect 4 "start as nobody" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	env -i PATH=/usr/bin:/bin /usr/sbin/scalix-ha start mail1
expect 4 "stop as nobody" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	env -i PATH=/usr/bin:/bin /usr/sbin/scalix-ha stop mail1
sbx_expect_stopped mail1 "after the calls as nobody"

# Two names with the same az (main1 and mail1 both m1): a broken registry.
printf 'OMNAME=main1\nOMHOSTNAME=main1.scalixdemo.com\nOMDATADIR=/var/opt/scalix/m1/s\n#\n' \
	>>/etc/opt/scalix/instance.cfg
expect 6 "start with two instances on m1" sbx_ha start mail1
sbx_expect_stopped mail1 "after the refused start on a shared az"
expect 6 "list with two instances on m1" sbx_ha list
sbx_registry mail1

# No registry at all: the instance is unknown.
mv /etc/opt/scalix/instance.cfg /etc/opt/scalix/instance.cfg.away
expect 6 "start without a registry" sbx_ha start mail1
mv /etc/opt/scalix/instance.cfg.away /etc/opt/scalix/instance.cfg

# Broken settings (shell expansion is refused, reported as file:line): 6.
# shellcheck disable=SC2016 # no expansion wanted: these are the file's text
sbx_settings 'STOP_TIMEOUT=$((1+1))'
expect 6 "start with a \$ in the settings" sbx_ha start mail1
sbx_expect_stderr_has /etc/sysconfig/scalix-ha:6 "the message names file:line"
sbx_expect_stopped mail1 "after start with broken settings"
# shellcheck disable=SC2016
sbx_settings 'START_TIMEOUT=`id`'
expect 6 "start with a backtick in the settings" sbx_ha start mail1
sbx_settings 'START_TIMEOUT=soon'
expect 6 "start with a non-number time" sbx_ha start mail1
sbx_settings 'NO_SUCH_KEY=1'
expect 0 "start with an unknown key (a warning)" sbx_ha start mail1
sbx_expect_stderr_has NO_SUCH_KEY "the warning names the unknown key"
expect 0 "stop with an unknown key" sbx_ha stop mail1
# A path from the settings too long to lock or sweep by: refused, never cut.
long=/var/run$(printf '/seg%.0s' $(seq 1100))
sbx_settings "RUN_DIR=$long"
expect 6 "start with a RUN_DIR longer than PATH_MAX" sbx_ha start mail1
sbx_expect_stderr_has "too long" "the message says the path is too long"
expect 6 "stop with a RUN_DIR longer than PATH_MAX" sbx_ha stop mail1
expect 4 "status with a RUN_DIR longer than PATH_MAX" sbx_ha status mail1
sbx_expect_stopped mail1 "after the calls with a long RUN_DIR"
sbx_settings

# list: a header and one row per instance.
expect 0 "list" sbx_ha list
sbx_expect_eq "$(awk 'NR == 1 { print $1, $2, $3, $4, $5 }' "$SBX_OUT")" \
	"NAME HOST AZ MOUNTED STATE" "list header"
sbx_expect_eq "$(awk 'NR == 2 { print $1, $2, $3 }' "$SBX_OUT")" \
	"mail1 mail1.scalixdemo.com m1" "list row"

sbx_done
