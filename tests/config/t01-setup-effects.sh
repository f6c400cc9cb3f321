# SPDX-License-Identifier: MIT
# setup does every manual step of the seed, and only those.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
cp "$R"/etc/opt/scalix/instance.cfg "$R"/before.cfg
cp "$R"/var/opt/scalix/m2/tomcat/conf/server.xml "$R"/before.xml
sx setup || fail "setup exited $?"

# instance.cfg: only the two OMAUTOSTART values changed.
diff "$R"/before.cfg "$R"/etc/opt/scalix/instance.cfg > "$R"/d.txt
[ "$(grep -c '^<' "$R"/d.txt)" = 2 ] && [ "$(grep -c '^>' "$R"/d.txt)" = 2 ] || fail "registry diff: $(cat "$R"/d.txt)"
[ "$(grep -c '^> OMAUTOSTART=FALSE$' "$R"/d.txt)" = 2 ] || fail "autostart not FALSE"
cmp -s "$R"/before.cfg "$R"/etc/opt/scalix/instance.cfg.scalix-ha.bak || fail "no backup of instance.cfg"

# Init names for rgmanager and Pacemaker.
for i in mail1 mail2; do
	[ "$(readlink "$R"/etc/rc.d/init.d/scalix-ha-$i)" = scalix-ha ] || fail "init name $i"
done

# Shutdown ports: mail1 keeps 8005 (rank 0), mail2 gets 8006; nothing else changes.
grep -q '<Server port="8005"' "$R"/var/opt/scalix/m1/tomcat/conf/server.xml || fail "m1 port"
diff "$R"/before.xml "$R"/var/opt/scalix/m2/tomcat/conf/server.xml > "$R"/x.txt
[ "$(grep -c '^[<>]' "$R"/x.txt)" = 2 ] || fail "server.xml diff: $(cat "$R"/x.txt)"
grep -q "^> <Server port=\"8006\"   shutdown='SHUTDOWN'>$" "$R"/x.txt || fail "port 8006: $(cat "$R"/x.txt)"
grep -q 'Example: <Server port="9999"' "$R"/var/opt/scalix/m2/tomcat/conf/server.xml || fail "comment touched"

# Connector files and workers.
for k in jk ajp; do
	for i in mail1 mail2; do
		cmp -s "$R"/opt/scalix/global/httpd/scalix-web-client.conf \
			"$R"/etc/opt/scalix-tomcat/connector/$k/app-$i.srw.conf || fail "$k/app-$i.srw.conf"
	done
done
printf '# workers for mod_jk\nJkWorkerProperty worker.list=mail1,mail2\nJkWorkerProperty worker.mail1.port=8009\n' |
	cmp -s - "$R"/etc/opt/scalix-tomcat/connector/jk/workers.conf || fail "workers.conf: $(cat "$R"/etc/opt/scalix-tomcat/connector/jk/workers.conf)"

# Boot start off, previous state recorded.
for s in scalix scalix-tomcat scalix-postgres; do
	[ ! -e "$R"/var/lib/chkconfig-standin/$s ] || fail "$s still in boot start"
	grep -qx "$s chkconfig 0:off 1:off 2:off 3:on 4:on 5:on 6:off" "$R"/var/lib/scalix-ha/boot-start ||
		fail "record of $s: $(cat "$R"/var/lib/scalix-ha/boot-start)"
done
# No temp file left behind anywhere.
[ -z "$(find "$R" -name '.*.scalix-ha.*')" ] || fail "temp files left"
echo "setup: registry, init names, ports, connectors, boot start as expected"
