#!/bin/bash
# SPDX-License-Identifier: MIT
# E2E 3: crash and takeover of mail1. A committed row; kill -9 of every
# process using /var/opt/scalix/m1; the storage loses power (ext4 shut down
# without journal flush), is unmounted and mounted again (as on the node taking
# over); the kernel log must show a fresh mount with journal recovery. Then
# scalix-ha start must succeed despite the stale tomcat.pid and postmaster.pid,
#  round 1: naming dead PIDs,
#  round 2: naming live unrelated processes (sleeps), which must survive;
#  round 3: naming mail2's own Tomcat and postmaster;
# and the committed rows must be there. mail2 runs throughout, untouched.
# Predicates are single-quoted on purpose: eval expands them when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

check_installed
for inst in mail1 mail2; do
	run_cmd ha_rg "$inst" start
	check_rc 0 "scalix-ha-$inst start"
	check "$inst serves within 30 s" wait_serving "$inst" 30
done
uuid=$(sn_storage_uuid mail1)
before2=$(snapshot mail2)

# crash ROUND: kill -9 every process of mail1, power cut, ip and fs down, fs
# and ip up again; checks the kernel log. Sets T_UP (ms) when fs and ip are up.
crash() {
	local round=$1 pids n=0 mark log dev
	pids=$(pids_of mail1)
	note "round $round: kill -9 of mail1's processes on $(sn_dir mail1):"
	# shellcheck disable=SC2086 # a list of PIDs
	sn_show_pids $pids | sed 's/^/#   /'
	while [ -n "$pids" ] && [ $n -lt 5 ]; do
		# shellcheck disable=SC2086 # a list of PIDs
		kill -KILL $pids 2>/dev/null
		sn_poll 50 0.1 eval '[ -z "$(pids_of mail1)" ]'
		pids=$(pids_of mail1)
		n=$((n + 1))
	done
	check "round $round: every mail1 process is gone after kill -9" test -z "$pids"
	if sn_storage_powercut mail1 2>"$E2E_OUT"; then
		note "round $round: power cut: ext4 shut down without flushing its journal"
	else
		note "round $round: EXT4_IOC_SHUTDOWN failed ($(cat "$E2E_OUT")): plain umount only"
	fi
	sn_ip_down mail1
	mark=$(dmesg | wc -l)
	run_cmd sn_storage_umount mail1
	check_rc 0 "round $round: umount $(sn_dir mail1)"
	check "round $round: storage really unmounted" eval '! sn_is_mounted mail1'
	run_cmd sn_storage_mount mail1
	check_rc 0 "round $round: mount the image again (the takeover node's fs resource)"
	sn_ip_up mail1
	T_UP=$(ms_now)
	dev=$(findmnt -n -o SOURCE "$(sn_dir mail1)")
	dev=${dev##*/}
	log=$(dmesg | tail -n +"$((mark + 1))" | grep -F "EXT4-fs")
	note "round $round: kernel log since the umount:"
	while IFS= read -r l; do echo "#   $l"; done <<<"$log"
	check "round $round: dmesg shows the umount, then a fresh mount of $uuid" \
		eval 'grep -A50 "unmounting filesystem $uuid" <<<"$log" | grep -q "mounted filesystem $uuid"'
	check "round $round: dmesg: 'EXT4-fs ($dev): mounted filesystem $uuid' for the loop device now mounted" \
		grep -qF "EXT4-fs ($dev): mounted filesystem $uuid" <<<"$log"
	check "round $round: dmesg shows journal recovery on $dev" \
		grep -qE "EXT4-fs \($dev\): (recovery complete|orphan|recovering)" <<<"$log"
}

# takeover ROUND: scalix-ha start on the remounted storage, timed.
takeover() {
	local round=$1
	run_cmd ha_rg mail1 start
	check_rc 0 "round $round: scalix-ha-mail1 start despite stale pid files"
	check "round $round: mail1 serves HTTP and SQL within 30 s" wait_serving mail1 30
	measured "round $round takeover: helper start ${SECS}s; fs+ip up to serving HTTP+SQL $(ms_since "$T_UP")s"
	check "round $round: PostgreSQL ran crash recovery (postgres.log)" test \
		"$(grep -c 'automatic recovery in progress' "$(sn_dir mail1)/postgres/postgres.log")" = "$round"
}

row() { sn_psql mail1 "select note from takeover where id = $1" 2>&1; }

# The instance has run longer than ext4's 5 s journal commit: what it wrote
# at start-up (tomcat.pid, which nobody fsyncs) is on disk. A row committed
# after this survives the power cut only through PostgreSQL's own fsync.
settled() { sync -f "$(sn_dir mail1)"; }

settled
run_cmd sn_psql mail1 "create table takeover (id int primary key, note text);
	insert into takeover values (1, 'committed before crash 1')"
check_rc 0 "round 1: row 1 committed in mail1's database"
oldtp=$(tomcat_pid mail1) oldpm=$(postmaster_pid mail1)
crash 1
check "round 1: tomcat.pid is stale: names dead pid $oldtp" \
	eval 'test "$(tomcat_pid mail1)" = "$oldtp" && ! sn_alive "$oldtp"'
check "round 1: postmaster.pid is stale: names dead pid $oldpm" \
	eval 'test "$(postmaster_pid mail1)" = "$oldpm" && ! sn_alive "$oldpm"'
takeover 1
check "round 1: row 1 is there" test "$(row 1)" = "committed before crash 1"

settled
run_cmd sn_psql mail1 "insert into takeover values (2, 'committed before crash 2')"
check_rc 0 "round 2: row 2 committed"
tpf=$(sn_tomcat_pidfile mail1) pmf=$(sn_pgdata mail1)/postmaster.pid
crash 2
# Two unrelated live processes hold the PIDs the pid files name. They run as
# tomcat and postgres: PostgreSQL ignores a PID of another user (kill gives
# EPERM), so only a postgres-owned process makes its lock file refuse.
(cd / && exec setpriv --reuid=tomcat --regid=tomcat --init-groups sleep 600) &
s1=$!
(cd / && exec setpriv --reuid=postgres --regid=postgres --init-groups sleep 600) &
s2=$!
sn_poll 50 0.1 eval 'test "$(stat -c %U /proc/$s1 /proc/$s2 | tr "\n" " ")" = "tomcat postgres "'
set_pids() { # TOMCAT_PID POSTMASTER_PID: same files, owner and mode kept
	local rest
	printf '%s\n' "$1" >"$tpf"
	rest=$(tail -n +2 "$pmf")
	printf '%s\n%s\n' "$2" "$rest" >"$pmf"
}
set_pids "$s1" "$s2"
note "round 2: tomcat.pid names sleep $s1 (user tomcat), postmaster.pid names sleep $s2 (user postgres)"

# Fixture check: the vendor scripts alone refuse such pid files.
run_cmd env OMCURRENT=mail1 /etc/rc.d/init.d/scalix-tomcat start mail1
check "round 2: vendor scalix-tomcat start aborts: 'Tomcat appears to still be running with PID $s1'" \
	eval 'test "$RC" != 0 && grep -q "Tomcat appears to still be running with PID $s1. Start aborted." "$E2E_OUT"'
run_cmd env OMCURRENT=mail1 /etc/rc.d/init.d/scalix-postgres start mail1
check "round 2: vendor scalix-postgres start fails on the live PID in postmaster.pid" \
	eval 'test "$RC" != 0 && grep -q "lock file \"postmaster.pid\" already exists" "$(sn_dir mail1)/postgres/postgres.log"'
[ "$RC" = 0 ] && show_out
check "round 2: the pid files still name the sleeps" \
	test "$(tomcat_pid mail1) $(postmaster_pid mail1)" = "$s1 $s2"
T_UP=$(ms_now) # the vendor attempts above are not part of the takeover

takeover 2
check "round 2: the sleeps named by the stale pid files survive (pids $s1 $s2)" \
	eval 'sn_alive "$s1" && sn_alive "$s2"'
check "round 2: row 1 is there" test "$(row 1)" = "committed before crash 1"
check "round 2: row 2 is there" test "$(row 2)" = "committed before crash 2"
kill "$s1" "$s2"
wait "$s1" "$s2" 2>/dev/null

# Round 3: the stale PIDs are mail2's own Tomcat and postmaster, the likeliest
# live owners on a node that runs the other instance.
settled
run_cmd sn_psql mail1 "insert into takeover values (3, 'committed before crash 3')"
check_rc 0 "round 3: row 3 committed"
crash 3
m2t=$(tomcat_pid mail2) m2p=$(postmaster_pid mail2)
set_pids "$m2t" "$m2p"
note "round 3: mail1's tomcat.pid names mail2's Tomcat $m2t, postmaster.pid mail2's postmaster $m2p"
T_UP=$(ms_now)
takeover 3
check "round 3: mail2's Tomcat and postmaster survive" eval 'sn_alive "$m2t" && sn_alive "$m2p"'
check "round 3: rows 1 to 3 are there" test "$(row 1)|$(row 2)|$(row 3)" = \
	"committed before crash 1|committed before crash 2|committed before crash 3"

lost=$(gone_from "$before2")
check "mail2: every process alive throughout (PID sets compared)" test -z "$lost"
[ -n "$lost" ] && note "mail2 processes gone: $lost"
check "mail2 still serves" serving mail2
for inst in mail1 mail2; do
	run_cmd ha_rg "$inst" stop
	check_rc 0 "scalix-ha-$inst stop"
	check "nothing of $inst left" nothing_left "$inst"
done

e2e_finish
