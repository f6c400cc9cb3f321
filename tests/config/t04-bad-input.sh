# SPDX-License-Identifier: MIT
# Bad input anywhere changes nothing anywhere, and names file:line.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
printf 'OMNAME=mail3\nOMHOSTNAME=mail3.scalixdemo.com\nOMDATADIR=relative/s\n' >> "$R"/etc/opt/scalix/instance.cfg
snapshot "$R" > "$R"/../s1.$$
out=$(sx setup 2>&1); rc=$?
[ $rc = 6 ] || fail "broken registry: setup exited $rc"
echo "$out" | grep -q "instance.cfg:14: instance mail3: OMDATADIR \"relative/s\" is not an absolute path" || fail "message: $out"
snapshot "$R" > "$R"/../s2.$$
cmp -s "$R"/../s1.$$ "$R"/../s2.$$ || fail "broken registry changed files"

# A malformed server.xml: nothing changes, not even instance.cfg.
make_node "$R"
printf '<Server port="8005"><Service>\n' > "$R"/var/opt/scalix/m2/tomcat/conf/server.xml
snapshot "$R" > "$R"/../s1.$$
out=$(sx setup 2>&1); rc=$?
[ $rc = 6 ] || fail "malformed server.xml: setup exited $rc"
echo "$out" | grep -q "m2/tomcat/conf/server.xml: not well-formed XML" || fail "message: $out"
snapshot "$R" > "$R"/../s2.$$
cmp -s "$R"/../s1.$$ "$R"/../s2.$$ || fail "malformed server.xml changed files"

# The port attribute in a form the editor does not understand: refused.
printf '<Server port="80&#48;5" shutdown="SHUTDOWN"/>\n' > "$R"/var/opt/scalix/m2/tomcat/conf/server.xml
sx ports 2>/dev/null; [ $? = 6 ] || fail "entity in port accepted"
rm -f "$R"/../s[12].$$
echo "bad input: refused with file:line, every file byte-identical"
