#!/bin/bash
# SPDX-License-Identifier: MIT
# Hostile storage (issue 13, cases 1 to 5): the instance's own service users
# cannot turn the root helper against the node. As on a real node, tomcat/
# and postgres/ of mail1 belong to an unprivileged user (here nobody), who
# acts through setpriv; root's directories (/etc/...) hold the victims.
#  1 tomcat/conf a symlink to a root directory, pre-placed or swapped in while
#    the helper reads a FIFO at server.xml: ports/setup write nothing there
#    and name the link;
#  2 postgres/data a symlink to a root directory holding postmaster.pid:
#    start does not remove it;
#  3 FIFOs at tomcat.pid, postmaster.pid and server.xml, a link to /dev/zero:
#    status/monitor answer 4/1, stop 0, ports/setup fail, all in bounded time;
#  4 tomcat.pid rewritten between the helper's check and the vendor stop to
#    name mail2's postmaster: mail2 keeps every process;
#  5 a descriptor the helper inherits (fd 9 on a root-only file) reaches no
#    sub-service and no daemon.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1 mail2
sbx_instance mail1 8005
sbx_instance mail2 8006
sbx_install_helper mail1 mail2

m1=/var/opt/scalix/m1
m2=/var/opt/scalix/m2
# Every bounded call gets this long before the test calls it hung.
HUNG=12

attacker() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

# mail1's service directories belong to the attacker, as on a real node.
give_away() {
	chown -R nobody:nogroup "$m1/tomcat" "$m1/postgres"
}
give_away

# A root-only directory with a file the attacker would like changed.
victim() { # DIR FILE CONTENT
	rm -rf "$1"
	mkdir -p "$1"
	chmod 700 "$1"
	printf '%s\n' "$3" >"$1/$2"
}
victim_state() {
	(cd "$1" && find . -printf '%p %s %m\n' | sort && cat -- * 2>/dev/null | sha256sum)
}

# Put mail1's tomcat/conf back as sbx_skeleton made it.
fresh_conf() {
	rm -rf "$m1/tomcat/conf" "$m1/tomcat/conf.real"
	sbx_skeleton mail1 8005
	give_away
}

# --- 1: tomcat/conf a symbolic link to a root directory -----------------
victim /etc/t15-conf server.xml '<Server port="9999" shutdown="ROOT"></Server>'
before=$(victim_state /etc/t15-conf)
attacker mv "$m1/tomcat/conf" "$m1/tomcat/conf.real"
attacker ln -s /etc/t15-conf "$m1/tomcat/conf"
for verb in ports setup; do
	sbx_run timeout -k 1 "$HUNG" /usr/sbin/scalix-ha "$verb"
	[ "$SBX_RC" = 0 ] && sbx_fail "1: $verb through a symlinked tomcat/conf: exit 0" && sbx_dump
	sbx_expect_stderr_has "$m1/tomcat/conf is a symbolic link" "1: $verb names the link"
	sbx_expect_eq "$(victim_state /etc/t15-conf)" "$before" "1: $verb: the root directory behind the link"
done

# The same link swapped in while the helper reads server.xml: a FIFO there
# makes the timing exact (the attacker writes, swaps, then closes).
fresh_conf
rm -rf /etc/t15-conf
mkdir -m 700 /etc/t15-conf
attacker rm "$m1/tomcat/conf/server.xml"
attacker mkfifo "$m1/tomcat/conf/server.xml"
attacker timeout "$HUNG" bash -c '
	exec 3>"$1/tomcat/conf/server.xml"
	printf "<Server port=\"9999\" shutdown=\"EVIL\"></Server>\n" >&3
	mv "$1/tomcat/conf" "$1/tomcat/conf.real" && ln -s /etc/t15-conf "$1/tomcat/conf"
	exec 3>&-' _ "$m1" &
swapper=$!
sbx_track "$swapper"
sbx_run timeout -k 1 "$HUNG" /usr/sbin/scalix-ha ports
[ "$SBX_RC" = 0 ] && sbx_fail "1: ports with the link swapped in: exit 0" && sbx_dump
sbx_expect_ms_at_most 5000 "1: ports with a FIFO at server.xml"
sbx_expect_eq "$(ls -A /etc/t15-conf)" "" "1: files root wrote behind the swapped-in link"
kill "$swapper" 2>/dev/null
wait "$swapper" 2>/dev/null
fresh_conf

# --- 2: postgres/data a symbolic link to a root directory ---------------
victim /etc/t15-pg postmaster.pid 1073741823
attacker mv "$m1/postgres/data" "$m1/postgres/data.real"
attacker ln -s /etc/t15-pg "$m1/postgres/data"
sbx_run timeout -k 1 "$HUNG" /usr/sbin/scalix-ha start mail1
[ -f /etc/t15-pg/postmaster.pid ] || sbx_fail "2: start removed /etc/t15-pg/postmaster.pid through the link"
sbx_expect_rc 1 "2: start with postgres/data a link"
sbx_expect_stderr_has "$m1/postgres/data is a symbolic link" "2: start names the link"
sbx_run timeout -k 1 "$HUNG" /usr/sbin/scalix-ha stop mail1
sbx_expect_rc 0 "2: stop after the refused start"
[ -f /etc/t15-pg/postmaster.pid ] || sbx_fail "2: stop removed /etc/t15-pg/postmaster.pid through the link"
sbx_expect_stopped mail1 "2: stop after the refused start"
rm -f "$m1/postgres/data"
mv "$m1/postgres/data.real" "$m1/postgres/data"

# --- 3: FIFOs and /dev/zero ---------------------------------------------
sbx_install_ocf_agent
monitor() {
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C LC_ALL=C OCF_ROOT=/usr/lib/ocf \
		OCF_RESOURCE_INSTANCE=mail1 OCF_RESKEY_instance=mail1 \
		timeout -k 1 "$HUNG" /usr/lib/ocf/resource.d/scalix/instance monitor
}
for pidfile in tomcat/tomcat.pid postgres/data/postmaster.pid; do
	sbx_run sbx_rg mail1 start
	sbx_expect_rc 0 "3: start before a FIFO at $pidfile"
	attacker rm -f "$m1/$pidfile"
	attacker mkfifo "$m1/$pidfile"
	sbx_run timeout -k 1 "$HUNG" /usr/sbin/scalix-ha status mail1
	sbx_expect_rc 4 "3: status with a FIFO at $pidfile"
	sbx_expect_ms_at_most 3000 "3: status with a FIFO at $pidfile"
	sbx_expect_stderr_has "$m1/$pidfile: not a regular file" "3: status names the FIFO"
	sbx_run monitor
	sbx_expect_rc 1 "3: OCF monitor with a FIFO at $pidfile"
	sbx_expect_ms_at_most 3000 "3: OCF monitor with a FIFO at $pidfile"
	# The stop's own bound: STOP_TIMEOUT (lock) + 3 x STOP_TIMEOUT + KILL_GRACE + 1.
	sbx_run timeout -k 1 "$HUNG" /usr/sbin/scalix-ha stop mail1
	sbx_expect_rc 0 "3: stop with a FIFO at $pidfile"
	sbx_expect_ms_at_most 10000 "3: stop with a FIFO at $pidfile"
	sbx_expect_stopped mail1 "3: stop with a FIFO at $pidfile"
	rm -f "$m1/$pidfile"
done

attacker rm "$m1/tomcat/conf/server.xml"
attacker mkfifo "$m1/tomcat/conf/server.xml"
for verb in ports setup; do
	sbx_run timeout -k 1 "$HUNG" /usr/sbin/scalix-ha "$verb"
	sbx_expect_rc 6 "3: $verb with a FIFO at server.xml"
	sbx_expect_ms_at_most 5000 "3: $verb with a FIFO at server.xml"
	sbx_expect_stderr_has "$m1/tomcat/conf/server.xml: not a regular file" "3: $verb names the FIFO"
done

# /dev/zero behind a link: refused before a byte is read.  The address space
# is limited so that the unfixed helper fails instead of filling the machine
# (not under ASan, which reserves far more).
attacker rm "$m1/tomcat/conf/server.xml"
attacker ln -s /dev/zero "$m1/tomcat/conf/server.xml"
limit=
grep -q __asan_init /usr/sbin/scalix-ha || limit="ulimit -v 1048576;"
for verb in ports setup; do
	sbx_run timeout -k 1 "$HUNG" bash -c "$limit"' exec /usr/sbin/scalix-ha "$1"' _ "$verb"
	sbx_expect_rc 6 "3: $verb with server.xml a link to /dev/zero"
	sbx_expect_ms_at_most 5000 "3: $verb with server.xml a link to /dev/zero"
	sbx_expect_stderr_has "$m1/tomcat/conf/server.xml is a symbolic link" \
		"3: $verb names the link to /dev/zero"
done
fresh_conf

# --- 4: tomcat.pid rewritten after the helper's check -------------------
# The stop is long enough for the vendor's 5 s wait and kill -9.  Its command
# is the vendor's, with the attacker's move just before it: exactly the
# window between the helper's check and the vendor stop reading the file.
sbx_settings STOP_TIMEOUT=8 "SCALIX_TOMCAT_STOP='/etc/t15-tomcat-stop %i'"
sbx_run sbx_rg mail1 start
sbx_expect_rc 0 "4: start mail1"
sbx_run sbx_rg mail2 start
sbx_expect_rc 0 "4: start mail2"
sbx_expect_running mail2 "4: mail2 before"
mail2_before=$(sbx_instance_pids mail2)
postmaster2=$(head -n 1 "$m2/postgres/data/postmaster.pid")
cat >/etc/t15-tomcat-stop <<EOF
#!/bin/bash
setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
	sh -c 'rm -f "\$1" && echo "\$2" >"\$1"' _ $m1/tomcat/tomcat.pid $postmaster2
exec /etc/rc.d/init.d/scalix-tomcat stop "\$1"
EOF
chmod 755 /etc/t15-tomcat-stop
sbx_run timeout -k 1 "$HUNG" /usr/sbin/scalix-ha stop mail1
sbx_expect_rc 0 "4: stop mail1"
sbx_expect_stderr_has "scalix-tomcat stopped in" "4: the vendor stop ran"
sbx_expect_stopped mail1 "4: stop mail1"
sbx_alive "$postmaster2" || sbx_fail "4: stop mail1 killed mail2's postmaster ($postmaster2)"
sbx_expect_eq "$(sbx_instance_pids mail2 | tr '\n' ' ')" "$(echo "$mail2_before" | tr '\n' ' ')" \
	"4: mail2's processes after stop mail1"
sbx_expect_running mail2 "4: mail2 after stop mail1"
[ -z "$(ls -A /run/scalix-ha/mail1 2>/dev/null)" ] ||
	sbx_fail "4: handed-over pid files left: $(ls -A /run/scalix-ha/mail1)"
sbx_settings
sbx_run sbx_rg mail2 stop
sbx_expect_rc 0 "4: stop mail2"

# --- 5: an inherited descriptor reaches no child ------------------------
victim /etc/t15-secret key 'root only'
chmod 600 /etc/t15-secret/key
exec 9</etc/t15-secret/key
sbx_run sbx_rg mail1 start
exec 9<&-
sbx_expect_rc 0 "5: start with fd 9 open"
sbx_expect_running mail1 "5: start with fd 9 open"
leaks=
for p in $(sbx_instance_pids mail1); do
	for f in /proc/"$p"/fd/*; do
		[ "$(readlink "$f" 2>/dev/null)" = /etc/t15-secret/key ] &&
			leaks="$leaks $p($(cat "/proc/$p/comm"))"
	done
done
sbx_expect_empty "$leaks" "5: daemons holding the helper's fd 9"
sbx_run sbx_rg mail1 stop
sbx_expect_rc 0 "5: stop"

sbx_done
