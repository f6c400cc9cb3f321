# SPDX-License-Identifier: MIT
# Sourced by bench/run.sh: Debian's ocf:heartbeat:pgsql and ocf:heartbeat:tomcat
# monitor actions against a real PostgreSQL 15 and a real Tomcat 10, both
# started in $W, compared with the helper's status measured above.
# Sets REAL_NOTE; adds rows to the table.
PGBIN=/usr/lib/postgresql/15/bin
RA=/usr/lib/ocf/resource.d/heartbeat
REAL_NOTE="PostgreSQL 15 and Tomcat 10 started for the run in a temp directory."

PGDATA_DIR=$W/pg/data
mkdir -p "$W/pg/sock" && chown -R postgres "$W/pg" && chmod 755 "$W"
if su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGDATA_DIR -A trust" > "$W/pg/initdb.log" 2>&1 &&
	su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA_DIR -l $W/pg/log -w -o '-p 15733 -k $W/pg/sock -c listen_addresses=' start" > /dev/null 2>&1; then
	cat > "$W/pgsql-monitor" <<EOF
#!/bin/sh
export OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=pg OCF_RESKEY_pgctl=$PGBIN/pg_ctl \
	OCF_RESKEY_psql=$PGBIN/psql OCF_RESKEY_pgdata=$PGDATA_DIR OCF_RESKEY_pgport=15733 \
	OCF_RESKEY_pghost=$W/pg/sock OCF_RESKEY_socketdir=$W/pg/sock OCF_RESKEY_pgdba=postgres
exec $RA/pgsql monitor
EOF
	chmod +x "$W/pgsql-monitor"
	"$W/pgsql-monitor" > /dev/null 2>&1; pg_rc=$?
else
	PGDATA_DIR=
	pg_rc=none
	REAL_NOTE="$REAL_NOTE PostgreSQL did not start: $(tail -n 2 "$W/pg/initdb.log" | tr '\n' ' ')"
fi

TC_BASE=$W/tomcat
mkdir -p "$TC_BASE"/conf "$TC_BASE"/logs "$TC_BASE"/temp "$TC_BASE"/work "$TC_BASE"/webapps/ROOT
cp /etc/tomcat10/web.xml /etc/tomcat10/logging.properties /etc/tomcat10/catalina.properties "$TC_BASE"/conf/
echo ok > "$TC_BASE"/webapps/ROOT/index.html
cat > "$TC_BASE"/conf/server.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="18080" address="127.0.0.1" protocol="HTTP/1.1"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false"/>
    </Engine>
  </Service>
</Server>
EOF
tc_started=no
if CATALINA_HOME=/usr/share/tomcat10 CATALINA_BASE=$TC_BASE CATALINA_PID=$TC_BASE/tomcat.pid \
	/usr/share/tomcat10/bin/catalina.sh start > "$TC_BASE/start.log" 2>&1; then
	for _ in $(seq 1 120); do
		curl -sf -o /dev/null http://127.0.0.1:18080/ && { tc_started=yes; break; }
		sleep 0.5
	done
fi
cat > "$W/tomcat-monitor" <<EOF
#!/bin/sh
export OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=tc OCF_RESKEY_catalina_home=/usr/share/tomcat10 \
	OCF_RESKEY_catalina_base=$TC_BASE OCF_RESKEY_catalina_pid=$TC_BASE/tomcat.pid \
	OCF_RESKEY_java_home=$(dirname "$(dirname "$(readlink -f /usr/bin/java)")") OCF_RESKEY_tomcat_user=root \
	OCF_RESKEY_statusurl=http://127.0.0.1:18080/
exec $RA/tomcat monitor
EOF
chmod +x "$W/tomcat-monitor"
if [ $tc_started = yes ]; then
	"$W/tomcat-monitor" > /dev/null 2>&1; tc_rc=$?
else
	tc_rc=none
	REAL_NOTE="$REAL_NOTE Tomcat did not answer in 60 s."
fi
# Both monitors, as a cluster would run them for one instance.
cat > "$W/both-monitors" <<EOF
#!/bin/sh
$W/pgsql-monitor > /dev/null 2>&1
$W/tomcat-monitor > /dev/null 2>&1
EOF
chmod +x "$W/both-monitors"
if [ "$pg_rc" = 0 ] && [ "$tc_rc" = 0 ]; then
	"$H" -q --root "$W/status" start mail1 > /dev/null 2>&1
	hf real "$H -q --root $W/status status mail1" "$W/pgsql-monitor" "$W/tomcat-monitor" "$W/both-monitors"
	a=$(median "$W/real.json" 0) b=$(median "$W/real.json" 1)
	c=$(median "$W/real.json" 2) d=$(median "$W/real.json" 3)
	row "status vs ocf:heartbeat:pgsql monitor (real PostgreSQL 15)" "$a ms" "$b ms" "$(ratio "$a" "$b")" "-"
	row "status vs ocf:heartbeat:tomcat monitor (real Tomcat 10)" "$a ms" "$c ms" "$(ratio "$a" "$c")" "-"
	row "status vs both monitors, one after the other" "$a ms" "$d ms" "$(ratio "$a" "$d")" "-"
	"$H" -q --root "$W/status" stop mail1 > /dev/null 2>&1
	REAL_NOTE="$REAL_NOTE Both monitors exit 0 against them. The helper's status here is of the stand-in instance (its sub-services are stand-ins); what is compared is the cost of one health check per instance."
else
	REAL_NOTE="$REAL_NOTE Monitor exit codes: pgsql $pg_rc, tomcat $tc_rc; no comparison made."
fi
