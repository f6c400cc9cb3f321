# SPDX-License-Identifier: MIT
# Builds a scratch root that looks like a RHEL Scalix node after the vendor's
# install, before scalix-ha setup: source it, then call make_node ROOT.
# Mounting the instance storage is the caller's job (a private namespace).

CONFIG_TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

make_node() {
	local r=$1 s
	mkdir -p "$r"/etc/opt/scalix "$r"/etc/sysconfig "$r"/etc/rc.d/init.d \
		"$r"/etc/opt/scalix-tomcat/connector/jk "$r"/etc/opt/scalix-tomcat/connector/ajp \
		"$r"/opt/scalix/global/httpd "$r"/sbin "$r"/var/opt/scalix/m1 "$r"/var/opt/scalix/m2 \
		"$r"/var/lib/scalix-ha
	cat > "$r"/etc/opt/scalix/instance.cfg <<'CFG'
# Scalix instance registry (ommakeom)
OMNAME=mail1
OMHOSTNAME=mail1.scalixdemo.com
OMDATADIR=/var/opt/scalix/m1/s
OMAUTOSTART=TRUE
OMSITE=local   # a key scalix-ha does not know
#
OMNAME=mail2
OMHOSTNAME=mail2.scalixdemo.com
OMDATADIR=/var/opt/scalix/m2/s
OMAUTOSTART=TRUE
CFG
	printf '127.0.0.1 localhost\n127.0.1.1 mail1.scalixdemo.com mail1\n127.0.1.2 mail2.scalixdemo.com\n' > "$r"/etc/hosts
	printf '# Rules Wizard\nAlias /srw /opt/scalix/srw\n' > "$r"/opt/scalix/global/httpd/scalix-web-client.conf
	for s in jk ajp; do
		printf '<VirtualHost mail1.scalixdemo.com:80>\nInclude app-mail1.*.conf\n</VirtualHost>\n' \
			> "$r"/etc/opt/scalix-tomcat/connector/$s/instance-mail1.conf
		printf '<VirtualHost mail2.scalixdemo.com:80>\nInclude app-mail2.*.conf\n</VirtualHost>\n' \
			> "$r"/etc/opt/scalix-tomcat/connector/$s/instance-mail2.conf
	done
	printf '# workers for mod_jk\nJkWorkerProperty worker.list=mail1\nJkWorkerProperty worker.mail1.port=8009\n' \
		> "$r"/etc/opt/scalix-tomcat/connector/jk/workers.conf
	for s in scalix scalix-tomcat scalix-postgres; do
		printf '#!/bin/bash\n# chkconfig: 345 91 10\n# description: vendor %s\nexit 0\n' "$s" \
			> "$r"/etc/rc.d/init.d/$s
		chmod 755 "$r"/etc/rc.d/init.d/$s
	done
	cp "$CONFIG_TESTS/bin/chkconfig" "$r"/sbin/chkconfig
	install -m 0755 "$CONFIG_TESTS/../../initscripts/scalix-ha" "$r"/etc/rc.d/init.d/scalix-ha
	# The vendor installer enabled all three at boot.
	for s in scalix scalix-tomcat scalix-postgres; do
		SCALIX_HA_ROOT=$r "$r"/sbin/chkconfig --add $s
	done
	: > "$r"/etc/sysconfig/scalix-ha
}

# A Tomcat server.xml as Scalix lays it, with a look-alike in a comment.
make_server_xml() {
	local base=$1 port=${2:-8005}
	mkdir -p "$base"/conf
	cat > "$base"/conf/server.xml <<XML
<?xml version='1.0' encoding='utf-8'?>
<!--
  Example: <Server port="9999" shutdown="SHUTDOWN"> is not this one.
-->
<Server port="$port"   shutdown='SHUTDOWN'>
  <!-- <Server port="1234"> -->
  <Service name="Catalina">
    <Connector port="8080" address="mail1.scalixdemo.com" protocol="HTTP/1.1"/>
  </Service>
</Server>
XML
}

# Every file under a root with its checksum and mtime, for "nothing changed".
snapshot() {
	(cd "$1" && find . -path ./proc -prune -o \( -type f -o -type l \) -print0 | sort -z |
		xargs -0 stat -c '%n %s %Y %a %U' && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}
