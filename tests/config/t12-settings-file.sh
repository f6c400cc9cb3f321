# SPDX-License-Identifier: MIT
# Issue 13, case 8: a settings file that is absent is the defaults; one that
# is there but cannot be read (a directory, a FIFO, a device, EACCES) is exit
# 6 naming it (status verbs: 4), at once.  Before, -c /etc ran the defaults
# and a FIFO hung the helper.
. "$(dirname "$0")/lib.sh"
make_node "$R"
set_file=$R/etc/sysconfig/scalix-ha

# expect RC MESSAGE ARGS...: the helper exits RC within 10 s saying MESSAGE.
expect() {
	local want=$1 msg=$2 out rc
	shift 2
	out=$(timeout 10 "$H" -q --root "$R" "$@" 2>&1 < /dev/null); rc=$?
	[ "$rc" != 124 ] || fail "$*: hung"
	[ "$rc" = "$want" ] || fail "$*: exited $rc, not $want: $out"
	echo "$out" | grep -qF -- "$msg" || fail "$*: message: $out"
}

rm -f "$set_file"
out=$(sx list 2>&1) || fail "absent settings: list exited $?: $out"
echo "$out" | grep -q "^mail1 " || fail "absent settings: $out"

expect 6 "unable to read /etc: Is a directory" -c /etc list
expect 4 "unable to read /etc: Is a directory" -c /etc status mail1
mkdir "$set_file"
expect 6 "unable to read $set_file: Is a directory" list
rmdir "$set_file"
mkfifo -m 0600 "$set_file"
expect 6 "unable to read $set_file: not a regular file" list
expect 4 "unable to read $set_file: not a regular file" status mail1
expect 6 "unable to read $set_file: not a regular file" setup
rm -f "$set_file"
expect 6 "unable to read /dev/zero: not a regular file" -c /dev/zero list

# Unreadable: root reads any file, so take away the capabilities that let
# it, as a confined daemon would be (DAC_OVERRIDE, DAC_READ_SEARCH).
printf 'START_TIMEOUT=5\n' > "$set_file"
chown nobody "$set_file"
chmod 0600 "$set_file"
nodac() { setpriv --inh-caps=-all --bounding-set=-dac_override,-dac_read_search -- "$@"; }
nodac cat "$set_file" > /dev/null 2>&1 && fail "fixture: the file is readable without DAC capabilities"
out=$(nodac "$H" -q --root "$R" list 2>&1); rc=$?
[ $rc = 6 ] || fail "unreadable settings: list exited $rc: $out"
echo "$out" | grep -qF "unable to read $set_file: Permission denied" || fail "unreadable: $out"
echo "settings: absent = defaults; a directory, a FIFO, a device or an unreadable file = 6 (status 4), at once"
