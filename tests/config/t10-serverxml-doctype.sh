# SPDX-License-Identifier: MIT
# Issue 13, case 6: the Tomcat user writes a server.xml whose DTD holds a
# look-alike <Server> in a quoted literal.  ports and setup change the root
# element libxml2 (and Tomcat) sees, or refuse (6) changing nothing; before,
# the look-alike was edited and ports exited 0.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
x=$R/var/opt/scalix/m2/tomcat/conf/server.xml
# As on a real node, tomcat/ is the service user's, and so is what it writes.
chmod 0755 "$R"
chown -R nobody "$R"/var/opt/scalix/m2/tomcat
as_tomcat() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
root_port() { xmllint --xpath 'string(/Server/@port)' "$x" 2>/dev/null; }

as_tomcat tee "$x" > /dev/null <<'XML'
<?xml version="1.0"?>
<!DOCTYPE Server [
<!ENTITY note "]> <Server port='8005'>">
<!-- ]> <Server port="8005"> -->
<?pi ]> <Server port='8005'> ?>
]>
<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina"/>
</Server>
XML
[ "$(root_port)" = 8005 ] || fail "fixture: libxml2 reads port $(root_port)"
cp "$x" "$R"/../orig.$$
out=$(sx ports 2>&1); rc=$?
[ $rc = 0 ] || fail "ports exited $rc: $out"
[ "$(root_port)" = 8006 ] || { rm -f "$R"/../orig.$$; fail "the root's port is $(root_port), not 8006 (a look-alike was edited)"; }
# Exactly the root's value changed: the file with it put back is the original.
sed 's/^<Server port="8006"/<Server port="8005"/' "$x" | cmp -s - "$R"/../orig.$$ ||
	{ rm -f "$R"/../orig.$$; fail "bytes other than the root's port changed"; }
rm -f "$R"/../orig.$$
out=$(sx ports --check 2>&1) || fail "ports --check after ports: $out"
echo "$out" | grep -q "mail2: shutdown port 8006" || fail "ports --check: $out"

# The same file through setup (the RPM %post).
make_node "$R"
as_tomcat sed -i 's/^<Server port="8006"/<Server port="8005"/' "$x"
sx setup > /dev/null 2>&1 || fail "setup exited $?"
[ "$(root_port)" = 8006 ] || fail "setup: the root's port is $(root_port), not 8006"

# A port only the DTD gives (a default attribute): refused, nothing changed.
as_tomcat tee "$x" > /dev/null <<'XML'
<?xml version="1.0"?>
<!DOCTYPE Server [ <!ATTLIST Server port CDATA "9000"> ]>
<Server shutdown="SHUTDOWN"/>
XML
snapshot "$R" > "$R"/../s1.$$
out=$(sx ports 2>&1); rc=$?
snapshot "$R" > "$R"/../s2.$$
cmp -s "$R"/../s1.$$ "$R"/../s2.$$ || { rm -f "$R"/../s[12].$$; fail "a refused server.xml changed files"; }
rm -f "$R"/../s[12].$$
[ $rc = 6 ] || fail "DTD default port: ports exited $rc"
echo "$out" | grep -q "server.xml: the <Server> port attribute is written in a way not understood" ||
	fail "message: $out"
echo "server.xml DTD look-alikes: the root's port is the one set; a DTD-given port refused"
