# SPDX-License-Identifier: MIT
# Issue 13, case 7: a NUL or another control character in the registry, the
# settings or workers.conf is a file:line error and nothing is rewritten.
# Before, OMNAME='mail1<NUL>; rm -rf /' was listed as mail1, and a NUL in a
# comment of instance.cfg was lost when setup rewrote it.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
cfg=$R/etc/opt/scalix/instance.cfg

# expect_refused RC MESSAGE VERB...: exit RC, MESSAGE, every file unchanged.
expect_refused() {
	local want=$1 msg=$2 out rc
	shift 2
	snapshot "$R" > "$R"/../s1.$$
	out=$(sx "$@" 2>&1); rc=$?
	snapshot "$R" > "$R"/../s2.$$
	cmp -s "$R"/../s1.$$ "$R"/../s2.$$ || { rm -f "$R"/../s[12].$$; fail "$*: files changed"; }
	rm -f "$R"/../s[12].$$
	[ "$rc" = "$want" ] || fail "$*: exited $rc, not $want: $out"
	echo "$out" | grep -qF -- "$msg" || fail "$*: message: $out"
	echo "$out" | grep -q "^mail1 " && fail "$*: an instance was listed: $out"
	return 0
}

cp "$cfg" "$R"/../cfg.$$
printf "OMNAME='mail1\0; rm -rf /'\nOMHOSTNAME=mail1.scalixdemo.com\nOMDATADIR=/var/opt/scalix/m1/s\n" > "$cfg"
expect_refused 6 "$cfg:1: a NUL byte (the file is not text)" list
expect_refused 4 "$cfg:1: a NUL byte" status mail1
expect_refused 6 "$cfg:1: a NUL byte" setup

# A NUL in a comment: setup refuses, instance.cfg keeps every byte.
{ head -n 6 "$R"/../cfg.$$; printf '# moved \0 here\n'; tail -n +7 "$R"/../cfg.$$; } > "$cfg"
expect_refused 6 "$cfg:7: a NUL byte" setup
expect_refused 6 "$cfg:7: a NUL byte" list

# An escape sequence (a terminal attack on whoever reads the output).
{ head -n 1 "$R"/../cfg.$$; printf 'OMHOSTNAME="mail1.scalixdemo.com\033]0;x\007"\n'; tail -n +3 "$R"/../cfg.$$; } > "$cfg"
expect_refused 6 "$cfg:2: a control character (only tab is allowed)" list

# CRLF line ends are read as LF; a CR anywhere else is refused.
sed 's/$/\r/' "$R"/../cfg.$$ > "$cfg"
out=$(sx list 2>&1) || fail "a CRLF registry refused: $out"
echo "$out" | grep -q "^mail2 " || fail "CRLF: $out"
printf 'OMNAME=mail1\rOMNAME=mail9\nOMHOSTNAME=mail1.scalixdemo.com\nOMDATADIR=/var/opt/scalix/m1/s\n' > "$cfg"
expect_refused 6 "$cfg:1: a carriage return inside the line" list
cp "$R"/../cfg.$$ "$cfg"
rm -f "$R"/../cfg.$$

# Nor does register write one: it would make the registry unreadable.
expect_refused 2 "--datadir holds a control character" register mail4 --hostname mail4.scalixdemo.com \
	--datadir "$(printf '/var/opt/scalix/m4/s\033[2J')"

# The settings file.
set_file=$R/etc/sysconfig/scalix-ha
printf '# settings\nCHILD_ENV="LANG=C\0 LD_PRELOAD=/tmp/x.so"\n' > "$set_file"
expect_refused 6 "$set_file:2: a NUL byte" list
expect_refused 4 "$set_file:2: a NUL byte" status mail1
printf 'START_TIMEOUT=5\n# \033[2J\n' > "$set_file"
expect_refused 6 "$set_file:2: a control character" check
: > "$set_file"

# workers.conf: connectors (setup) refuses to rewrite it; check names it.
w=$R/etc/opt/scalix-tomcat/connector/jk/workers.conf
printf '# workers for mod_jk\nJkWorkerProperty worker.list=mail1\0,evil\nJkWorkerProperty worker.mail1.port=8009\n' > "$w"
expect_refused 6 "$w:2: a NUL byte" setup
out=$(sx check 2>&1); [ $? = 1 ] || fail "check passed a workers.conf with a NUL"
echo "$out" | grep -qF "PROBLEM: $w:2: a NUL byte" || fail "check: $out"
echo "control characters: refused with file:line in the registry, the settings and workers.conf; nothing rewritten"
