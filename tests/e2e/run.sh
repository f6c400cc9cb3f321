#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/e2e/run.sh [TEST...]: run the end-to-end tests, each in a fresh simulated
# node (tests/simnode/simnode.sh run), and end with "N passed, N failed" (test
# points: the "ok" / "not ok" lines). Needs root. A test that dies without
# reporting counts as one failure. Logs: $E2E_LOGDIR (default a new /tmp dir).
# E2E_TEST_TIMEOUT (default 300 s) bounds each test; the node dies with it.
#
# The package gets onto each node with rpm -i (its %post runs the set-up):
# the RPM is built first from the working tree (tests/e2e/build-rpm.sh), or
# taken from E2E_RPM (with the vendor stand-ins, if any, in ../noarch). E2E_INSTALL=copy copies the tree's files instead and
# runs the %post commands by hand (no rpmbuild needed). A test that wants the
# node before the package is installed says so with a line
# "# simnode-install: none" and calls sn_install_package itself.

top=$(cd "$(dirname "$0")/../.." && pwd)
e2e=$top/tests/e2e
[ "$(id -u)" = 0 ] || { echo "run.sh: fatal: the end-to-end tests need root" >&2; exit 2; }
logdir=${E2E_LOGDIR:-$(mktemp -d /tmp/scalix-e2e.XXXXXX)}
mkdir -p "$logdir"

t0=$SECONDS
case ${E2E_INSTALL:-rpm} in
rpm)
	if [ -n "$E2E_RPM" ]; then
		rpm=$(readlink -f "$E2E_RPM")
	else
		echo "=== building the RPM (tests/e2e/build-rpm.sh)"
		# This run's own, removed at the end: a concurrent run keeps its own.
		rpmdir=$top/build/e2e-rpm.$$
		trap 'rm -rf "$rpmdir"' EXIT
		rpm=$("$e2e/build-rpm.sh" "$rpmdir") || { echo "run.sh: fatal: cannot build the RPM" >&2; exit 2; }
		echo "built $rpm in $((SECONDS - t0)) s"
	fi
	# The node has its own /tmp; only this tree stays visible there.
	case $rpm in "$top"/*) ;; /tmp/*) echo "run.sh: fatal: $rpm: a node cannot see the host's /tmp" >&2; exit 2 ;; esac
	export SIMNODE_RPM=$rpm
	vendor=$(dirname "$(dirname "$rpm")")/noarch
	ls "$vendor"/scalix-*.rpm >/dev/null 2>&1 && export SIMNODE_VENDOR_RPMS=$vendor
	how="rpm -i $rpm"
	;;
copy)
	make -s -C "$top" scalix-ha >&2 || { echo "run.sh: fatal: unable to build $top/scalix-ha" >&2; exit 2; }
	unset SIMNODE_RPM
	how="copy of $top/scalix-ha and the tree's files (not rpm -i)"
	;;
*) echo "run.sh: fatal: E2E_INSTALL must be rpm or copy" >&2; exit 2 ;;
esac
echo "=== package install on each node: $how"

if [ $# -gt 0 ]; then tests=("$@"); else tests=("$e2e"/t[0-9]*.sh); fi
pass=0 fail=0 cur='' interrupted=''
trap 'interrupted=1; [ -n "$cur" ] && kill -TERM "$cur" 2>/dev/null' INT TERM HUP
for t in "${tests[@]}"; do
	t=$(readlink -f "$t")
	name=$(basename "$t" .sh)
	log=$logdir/$name.log
	echo "=== $name"
	s=$SECONDS
	install=$(sed -n 's/^# simnode-install: *//p' "$t" | head -n 1)
	# In the background, so that the trap runs at once: a TERM to the node's
	# simnode.sh (through timeout) tears the node down.
	SIMNODE_INSTALL=$install timeout -k 10 "${E2E_TEST_TIMEOUT:-300}" \
		"$top/tests/simnode/simnode.sh" run "$t" >"$log" 2>&1 &
	cur=$!
	tail -s 0.2 -n +1 -f --pid="$cur" "$log" &
	tailpid=$!
	while :; do
		wait "$cur"
		rc=$?
		kill -0 "$cur" 2>/dev/null || break # else a trapped signal ended the wait
	done
	wait "$tailpid"
	cur=
	if [ -n "$interrupted" ]; then
		echo "=== interrupted during $name; its node is gone; logs in $logdir"
		exit 130
	fi
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "not ok - $name exited $rc without reporting a failure" | tee -a "$log"
		f=1
	fi
	echo "=== $name: $p passed, $f failed, $((SECONDS - s)) s, log $log"
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "=== measured (every test):"
grep -h '^# measured:' "$logdir"/*.log | sed 's/^# measured: /  /'
echo "e2e total time: $((SECONDS - t0)) s; package: $how; logs in $logdir"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
