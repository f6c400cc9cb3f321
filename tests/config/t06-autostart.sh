# SPDX-License-Identifier: MIT
# autostart --disable records the boot start once; --restore puts it back exactly.
. "$(dirname "$0")/lib.sh"
make_node "$R"
SCALIX_HA_ROOT=$R "$R"/sbin/chkconfig --level 2 scalix on
SCALIX_HA_ROOT=$R "$R"/sbin/chkconfig --del scalix-postgres
before=$(cd "$R"/var/lib/chkconfig-standin && grep -H . * | sort)
sx autostart --disable || fail "disable"
[ -z "$(ls "$R"/var/lib/chkconfig-standin)" ] || fail "still enabled: $(ls "$R"/var/lib/chkconfig-standin)"
sx autostart --disable || fail "second disable"
grep -qx 'scalix chkconfig 0:off 1:off 2:on 3:on 4:on 5:on 6:off' "$R"/var/lib/scalix-ha/boot-start || fail "record: $(cat "$R"/var/lib/scalix-ha/boot-start)"
grep -qx 'scalix-postgres chkconfig absent' "$R"/var/lib/scalix-ha/boot-start || fail "absent not recorded"
sx autostart --restore || fail "restore"
after=$(cd "$R"/var/lib/chkconfig-standin && grep -H . * | sort)
[ "$before" = "$after" ] || fail "restored '$after', was '$before'"
[ ! -e "$R"/var/lib/scalix-ha/boot-start ] || fail "record kept after restore"
sx autostart 2>/dev/null; [ $? = 2 ] || fail "autostart without --disable/--restore"
echo "autostart: disable recorded once, restore exact"
