#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 14, case 3: the bounds hold on a busy machine. 60 unrelated processes
# hold about 1.2 million descriptors (each as many as the RLIMIT_NOFILE hard
# limit allows, up to 20,000; fs.nr_open is left alone), so one pass over
# every descriptor table takes seconds. One TERM-deaf process sits on the
# storage. KILL must reach it KILL_GRACE after the sweep began whatever a
# scan costs, and stop must end within its bound, saying 0 only when it
# examined everything. Two rounds: 60 x 2,000 descriptors, which a pass
# examines within the bound (stop says 0); then 60 x 20,000, which a loaded
# machine may not (stop then says 1, "no time left", naming the processes).
#   SBX_FDHOGS (60) and SBX_FDS (20000) scale the second round.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1 8005
sbx_install_helper mail1
sbx_settings KILL_GRACE=5
. "$SBX_TOP/tests/lib/clock.sh"

fdhog=$SBX_TOP/tests/integration/helpers/build/fdhog
[ -x "$fdhog" ] || sbx_fatal "no $fdhog (make -C tests/integration/helpers)"
m1=$(sbx_instdir mail1)
hogs=${SBX_FDHOGS:-60}

# round FDS STRICT: the busy-machine stop; STRICT: it must say 0.
round() {
	local fds=$1 strict=$2 total=0 i n p deaf watcher t0 died hogpids=()
	for i in $(seq "$hogs"); do
		"$fdhog" "$fds" >"$SBX_SCRATCH/hog.$i" &
		sbx_track "$!"
		hogpids+=("$!")
	done
	for i in $(seq "$hogs"); do
		for _ in $(seq 200); do
			grep -q ready "$SBX_SCRATCH/hog.$i" 2>/dev/null && break
			sleep 0.05
		done
		n=$(sed -n 's/^ready //p' "$SBX_SCRATCH/hog.$i")
		[ -n "$n" ] || sbx_fatal "fdhog $i did not get ready"
		total=$((total + n))
		rm -f "$SBX_SCRATCH/hog.$i"
	done
	sbx_log "$hogs processes hold $total descriptors"

	# Deaf to TERM (ignored signals stay ignored across exec).
	(trap '' TERM && cd "$m1/s" && exec sleep 1000) &
	deaf=$!
	sbx_track "$deaf"
	sleep 0.2
	# When the deaf process died, in ms since the epoch.
	rm -f "$SBX_SCRATCH/deaf.died"
	(
		while sbx_alive "$deaf"; do sleep 0.02; done
		ms_now >"$SBX_SCRATCH/deaf.died"
	) &
	watcher=$!

	t0=$(ms_now)
	sbx_run sbx_rg mail1 stop
	kill -KILL "$deaf" 2>/dev/null
	wait "$watcher" "$deaf" 2>/dev/null
	died=$(($(cat "$SBX_SCRATCH/deaf.died") - t0))
	sbx_log "$total descriptors: stop exit $SBX_RC in $SBX_MS ms; the TERM-deaf process died after $died ms"
	if [ "$strict" = 1 ] || ! grep -q "no time left" "$SBX_ERR"; then
		sbx_expect_rc 0 "stop, $total descriptors"
	else
		sbx_expect_rc 1 "stop that had no time to examine $total descriptors"
		sbx_log "(honest: not every descriptor was examined within the bound)"
		sbx_log "processes not examined in time: $(grep -F "unable to examine" "$SBX_ERR" |
			sed 's/.*left): //' | wc -w) of $hogs"
	fi
	# The sweep begins after three quick status checks: KILL_GRACE + 1 s.
	[ "$died" -le 6000 ] ||
		sbx_fail "$total descriptors: KILL reached the TERM-deaf process after $died ms (KILL_GRACE 5 s)"
	# CONTRACT: STOP_TIMEOUT (lock) + N x STOP_TIMEOUT + KILL_GRACE + 1 s,
	# with STOP_TIMEOUT=2, N=3, KILL_GRACE=5; plus a second of slack.
	sbx_expect_ms_at_most $(((2 + 3 * 2 + 5 + 1 + 1) * 1000)) "stop, $total descriptors"
	grep -F "sending KILL to $deaf" "$SBX_ERR" >/dev/null ||
		sbx_fail "$total descriptors: stop did not KILL the TERM-deaf process $deaf"
	for p in "${hogpids[@]}"; do
		sbx_alive "$p" || sbx_fail "stop killed the unrelated fdhog $p"
	done
	kill -KILL "${hogpids[@]}"
	wait "${hogpids[@]}" 2>/dev/null
}

round 2000 1
round "${SBX_FDS:-20000}" 0

sbx_done
