# SPDX-License-Identifier: MIT
# check finds each kind of problem, and passes after setup; --digest.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
out=$(sx check); [ $? = 1 ] || fail "check passed on a fresh node"
for want in "OMAUTOSTART=TRUE" "scalix starts at boot" "should be 8006" "app-mail1.srw.conf is missing" \
	'lists workers "mail1", not "mail1,mail2"' "init name .*scalix-ha-mail1 is missing"; do
	echo "$out" | grep -q "$want" || fail "check missed: $want"
done
echo "$out" | grep -A1 "OMAUTOSTART=TRUE" | grep -q "fix: scalix-ha register" || fail "no fix command"
d0=$(sx check --digest)
sx setup || fail "setup"
out=$(sx check) || fail "check after setup: $out"
sed -i '/mail2.scalixdemo.com/d' "$R"/etc/hosts
rm "$R"/etc/opt/scalix-tomcat/connector/ajp/instance-mail2.conf
rmdir "$R"/var/opt/scalix/m2 2>/dev/null || umount "$R"/var/opt/scalix/m2 && rmdir "$R"/var/opt/scalix/m2
out=$(sx check); [ $? = 1 ] || fail "check passed with problems"
echo "$out" | grep -q "mail2.scalixdemo.com (mail2) is not in /etc/hosts" || fail "hosts: $out"
echo "$out" | grep -q "ajp/instance-mail2.conf is missing" || fail "instance conf: $out"
echo "$out" | grep -q "mount point .*/m2 of mail2 does not exist" || fail "mount point: $out"
d1=$(sx check --digest)
[[ $d1 =~ ^sha256:[0-9a-f]{64}$ ]] || fail "digest: $d1"
[ "$d0" != "$d1" ] || fail "digest did not change"
[ "$(sx check --digest)" = "$d1" ] || fail "digest not stable"
echo "check: each problem found with its fix; digest $d1"
