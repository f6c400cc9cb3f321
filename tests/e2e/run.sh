#!/bin/bash
# tests/e2e/run.sh [TEST...]: run the end-to-end tests, each in a fresh simulated
# node (tests/simnode/simnode.sh run), and end with "N passed, N failed" (test
# points: the "ok" / "not ok" lines). Needs root. A test that dies without
# reporting counts as one failure. Logs: $E2E_LOGDIR (default a new /tmp dir).
# E2E_TEST_TIMEOUT (default 300 s) bounds each test; the node dies with it.

top=$(cd "$(dirname "$0")/../.." && pwd)
e2e=$top/tests/e2e
[ "$(id -u)" = 0 ] || { echo "run.sh: fatal: the end-to-end tests need root" >&2; exit 2; }
if [ ! -x "$top/scalix-ha" ]; then
	make -s -C "$top" scalix-ha >&2 || { echo "run.sh: fatal: unable to build $top/scalix-ha" >&2; exit 2; }
fi
logdir=${E2E_LOGDIR:-$(mktemp -d /tmp/scalix-e2e.XXXXXX)}
mkdir -p "$logdir"

if [ $# -gt 0 ]; then tests=("$@"); else tests=("$e2e"/t[0-9]*.sh); fi
pass=0 fail=0 t0=$SECONDS
for t in "${tests[@]}"; do
	t=$(readlink -f "$t")
	name=$(basename "$t" .sh)
	log=$logdir/$name.log
	echo "=== $name"
	s=$SECONDS
	timeout -k 10 "${E2E_TEST_TIMEOUT:-300}" "$top/tests/simnode/simnode.sh" run "$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
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
echo "e2e total time: $((SECONDS - t0)) s; logs in $logdir"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
