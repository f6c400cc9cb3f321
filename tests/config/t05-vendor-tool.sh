# SPDX-License-Identifier: MIT
# With the vendor's sxtomcat-modify-instance present, ports goes through it.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
mkdir -p "$R"/opt/scalix-tomcat/bin
printf '#!/bin/bash\necho "$@" >> "$SCALIX_HA_ROOT/modify.log"\n' > "$R"/opt/scalix-tomcat/bin/sxtomcat-modify-instance
chmod 755 "$R"/opt/scalix-tomcat/bin/sxtomcat-modify-instance
cp "$R"/var/opt/scalix/m2/tomcat/conf/server.xml "$R"/before.xml
sx ports || fail "ports exited $?"
[ "$(cat "$R"/modify.log)" = "-p 8006 mail2" ] || fail "vendor tool called as: $(cat "$R"/modify.log)"
cmp -s "$R"/before.xml "$R"/var/opt/scalix/m2/tomcat/conf/server.xml || fail "edited server.xml itself"
out=$(sx ports --check); [ $? = 1 ] || fail "ports --check missed the unapplied port"
echo "$out" | grep -q "mail2: shutdown port is 8005, should be 8006" || fail "check output: $out"
cmp -s "$R"/before.xml "$R"/var/opt/scalix/m2/tomcat/conf/server.xml || fail "--check changed server.xml"
# Collision report: both at 8005.
out=$(sx ports --check); echo "$out" | grep -q "collision: mail1 and mail2 both use shutdown port 8005" || fail "collision not reported: $out"
echo "vendor tool: called with -p 8006 mail2; --check reports, changes nothing"
