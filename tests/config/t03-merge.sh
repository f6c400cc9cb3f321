# SPDX-License-Identifier: MIT
# register --merge: adds another node's instances; a contradiction changes nothing.
. "$(dirname "$0")/lib.sh"
make_node "$R"
printf 'OMNAME=mail2\nOMHOSTNAME=other.scalixdemo.com\nOMDATADIR=/var/opt/scalix/m2/s\n' > "$R"/conflict.cfg
snapshot "$R" > "$R"/../s1.$$
out=$(sx register --merge "$R"/conflict.cfg 2>&1); rc=$?
[ $rc = 6 ] || fail "conflicting merge exited $rc"
echo "$out" | grep -q "mail2" || fail "message does not name the instance: $out"
snapshot "$R" > "$R"/../s2.$$
cmp -s "$R"/../s1.$$ "$R"/../s2.$$ || { rm -f "$R"/../s[12].$$; fail "conflicting merge changed files"; }
rm -f "$R"/../s[12].$$

# A merge that would clash by az (first+last character) is refused too.
printf 'OMNAME=mx1\nOMHOSTNAME=mx1.scalixdemo.com\nOMDATADIR=/var/opt/scalix/m1/s\n' > "$R"/az.cfg
sx register --merge "$R"/az.cfg 2>/dev/null && fail "az clash accepted"

printf '# node B\nOMNAME=mail3\nOMHOSTNAME=mail3.scalixdemo.com\nOMDATADIR=/var/opt/scalix/m3/s\nOMAUTOSTART=TRUE\n' > "$R"/b.cfg
sx register --merge "$R"/b.cfg || fail "merge exited $?"
grep -q '^OMNAME=mail3$' "$R"/etc/opt/scalix/instance.cfg || fail "mail3 not merged"
[ "$(tail -n 5 "$R"/etc/opt/scalix/instance.cfg | head -n 1)" = "#" ] || fail "no separator"
[ "$(grep -c '^OMAUTOSTART=FALSE$' "$R"/etc/opt/scalix/instance.cfg)" = 3 ] || fail "autostart"
[ -L "$R"/etc/rc.d/init.d/scalix-ha-mail3 ] || fail "no init name for mail3"
sx register --merge "$R"/b.cfg || fail "repeated merge"
[ "$(grep -c '^OMNAME=mail3$' "$R"/etc/opt/scalix/instance.cfg)" = 1 ] || fail "merged twice"

sx register mail4 --hostname mail4.scalixdemo.com || fail "register NAME"
grep -q '^OMDATADIR=/var/opt/scalix/m4/s$' "$R"/etc/opt/scalix/instance.cfg || fail "default datadir"
sx register -- -bad --hostname x.scalixdemo.com 2>/dev/null; [ $? = 2 ] || fail "invalid name accepted"
sx register 'ma il' --hostname x.scalixdemo.com 2>/dev/null; [ $? = 2 ] || fail "invalid name accepted"
echo "merge: conflicts and az clashes refused unchanged; new instances added once"
