# SPDX-License-Identifier: MIT
# ADMIN_INSTANCE: every other mounted instance loses caa and sac, once.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
mkdir -p "$R"/opt/scalix-tomcat/bin
printf '#!/bin/bash\necho "$@" >> "$SCALIX_HA_ROOT/webapps.log"\n' > "$R"/opt/scalix-tomcat/bin/sxtomcat-webapps
chmod 755 "$R"/opt/scalix-tomcat/bin/sxtomcat-webapps
echo ADMIN_INSTANCE=mail1 > "$R"/etc/sysconfig/scalix-ha
sx setup || fail "setup"
sx setup || fail "second setup"
[ "$(cat "$R"/webapps.log)" = "--del mail2 caa sac" ] || fail "calls: $(cat "$R"/webapps.log)"
echo ADMIN_INSTANCE=mail9 > "$R"/etc/sysconfig/scalix-ha
sx webapps 2>/dev/null; [ $? = 6 ] || fail "unregistered admin instance accepted"
echo "webapps: removed once for mail2, never for mail1"
