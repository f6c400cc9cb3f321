#!/bin/bash
# SPDX-License-Identifier: MIT
# The mount guard: with the instance's storage not mounted here (it is on the
# other node), start refuses, creates nothing on the root file system, and
# stop and status say "stopped".
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
mkdir -p /var/opt/scalix/m1
sbx_install_helper mail1

sbx_run sbx_rg mail1 start
sbx_expect_rc 1 "start with the storage not mounted"
sbx_expect_stderr_has /var/opt/scalix/m1 "start's message names the mount point"
sbx_expect_empty "$(find /var/opt/scalix/m1 -mindepth 1)" "created under the unmounted /var/opt/scalix/m1"
sbx_expect_stopped mail1 "after the refused start"
[ -e /var/lock/subsys/scalix-ha-mail1 ] && sbx_fail "refused start left a subsys lock"

sbx_run sbx_rg mail1 status
sbx_expect_rc 3 "status with the storage not mounted"
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop with the storage not mounted"
sbx_expect_empty "$(find /var/opt/scalix/m1 -mindepth 1)" "created by stop under the unmounted m1"

# The mount point missing altogether.
rmdir /var/opt/scalix/m1
sbx_run sbx_rg mail1 start
sbx_expect_rc 1 "start with no mount point at all"
sbx_expect_stderr_has /var/opt/scalix/m1 "start's message names the missing mount point"
[ -e /var/opt/scalix/m1 ] && sbx_fail "start created /var/opt/scalix/m1"
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop with no mount point at all"

# An instance directory that is merely a directory inside another mount (here
# a tmpfs on /var/opt/scalix) is not the instance's storage.
mkdir -p /var/opt/scalix
mount -t tmpfs sbx-parent /var/opt/scalix
sbx_skeleton mail1
sbx_run sbx_rg mail1 start
sbx_expect_rc 1 "start with m1 a plain directory on a mounted parent"
sbx_expect_stopped mail1 "after start on a plain directory"
umount /var/opt/scalix

# Storage lost under a running instance (forced unmount after kill -9):
# status 2 while the subsys lock remains; stop removes it.
sbx_instance mail1
sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "start once mounted"
sbx_expect_running mail1 "after start once mounted"
pids=$(sbx_instance_pids mail1)
# shellcheck disable=SC2086 # one PID a word
kill -9 $pids
sleep 0.2
umount /var/opt/scalix/m1 || sbx_fail "cannot unmount m1 after kill -9"
sbx_run sbx_rg mail1 status
sbx_expect_rc 2 "status: not mounted, subsys lock left"
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "stop: not mounted, subsys lock left"
[ -e /var/lock/subsys/scalix-ha-mail1 ] && sbx_fail "stop left the subsys lock"
sbx_run sbx_rg mail1 status
sbx_expect_rc 3 "status after stop of the unmounted instance"

sbx_done
