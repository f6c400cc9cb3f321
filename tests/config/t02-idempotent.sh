# SPDX-License-Identifier: MIT
# A second setup on a configured node changes nothing: contents and mtimes.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
sx setup || fail "first setup"
snapshot "$R" > "$R"/../snap1.$$
sleep 1.1 # mtimes have one-second resolution in the snapshot
sx setup || fail "second setup"
snapshot "$R" > "$R"/../snap2.$$
diff "$R"/../snap1.$$ "$R"/../snap2.$$ > /dev/null || { diff "$R"/../snap1.$$ "$R"/../snap2.$$; rm -f "$R"/../snap[12].$$; fail "second setup changed files"; }
rm -f "$R"/../snap[12].$$
echo "second setup: byte- and mtime-identical"
