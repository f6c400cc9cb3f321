#!/bin/bash
# SPDX-License-Identifier: MIT
# systemd/scalix-ha@.service: installed where `make install` puts it (with
# the helper and the man page its Documentation= names), it passes
# `systemd-analyze verify` without a word, and it cannot be enabled at boot.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
command -v systemd-analyze >/dev/null || {
	sbx_log "skip: no systemd-analyze"
	exit 77
}
sbx_setup
# shellcheck disable=SC2119 # the binary only, no per-instance names
sbx_install_helper
unit=$SBX_TOP/systemd/scalix-ha@.service

# The unit and the man page in their installed places, on scratch layers.
sbx_overlay /usr/lib/systemd/system
install -m 0644 "$unit" /usr/lib/systemd/system/scalix-ha@.service
sbx_overlay /usr/share/man
install -D -m 0644 "$SBX_TOP/man/scalix-ha.8" /usr/share/man/man8/scalix-ha.8

sbx_run systemd-analyze verify scalix-ha@mail1.service
sbx_expect_rc 0 "systemd-analyze verify scalix-ha@mail1.service"
sbx_expect_empty "$(cat "$SBX_OUT" "$SBX_ERR")" "systemd-analyze verify output"

# The check has teeth: the same unit with a helper that is not there fails.
mkdir -p /etc/systemd/system
sed 's|/usr/sbin/scalix-ha|/usr/sbin/scalix-ha-absent|' "$unit" \
	>/etc/systemd/system/sxbroken@.service
sbx_run systemd-analyze verify sxbroken@mail1.service
[ "$SBX_RC" != 0 ] || sbx_fail "verify of a unit whose ExecStart is missing passed"
sbx_expect_stderr_has "is not executable" "verify names the missing ExecStart"
rm -f /etc/systemd/system/sxbroken@.service

# Each instance runs the helper on itself; stop is the helper's stop.
grep -qx 'ExecStart=/usr/sbin/scalix-ha start %i' "$unit" ||
	sbx_fail "ExecStart is not 'scalix-ha start %i'"
grep -qx 'ExecStop=/usr/sbin/scalix-ha stop %i' "$unit" ||
	sbx_fail "ExecStop is not 'scalix-ha stop %i'"

# Never at boot: no [Install] section; systemctl calls it static and
# `enable` links nothing.
grep -q '^\[Install\]' "$unit" && sbx_fail "the unit has an [Install] section"
root=$SBX_SCRATCH/sysroot
install -D -m 0644 "$unit" "$root/usr/lib/systemd/system/scalix-ha@.service"
sbx_run systemctl --root="$root" is-enabled scalix-ha@mail1.service
sbx_expect_eq "$(cat "$SBX_OUT")" static "systemctl is-enabled scalix-ha@mail1"
sbx_run systemctl --root="$root" enable scalix-ha@mail1.service
sbx_expect_stderr_has "no installation config" "systemctl enable refuses"
sbx_expect_empty "$(find "$root" -type l)" "links made by systemctl enable"

sbx_done
