#!/bin/bash
# SPDX-License-Identifier: MIT
# Concurrent starts of one instance (an administrator and the cluster, or two
# monitors racing) start it once: one set of daemons, both calls exit 0.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
sbx_setup
sbx_registry mail1
sbx_instance mail1
sbx_install_helper mail1

# A slow first sub-service widens the window in which both see it stopped.
sbx_fault mail1 postgres.slow-start 1
sbx_fault mail1 tomcat.slow-start 1

for round in 1 2 3; do
	pids=()
	for _ in 1 2 3; do
		sbx_rg mail1 start >/dev/null 2>&1 &
		pids+=("$!")
	done
	sbx_ha start mail1 >/dev/null 2>&1 &
	pids+=("$!")
	for p in "${pids[@]}"; do
		wait "$p"
		sbx_expect_eq "$?" 0 "round $round: exit of concurrent start $p"
	done
	sbx_expect_running mail1 "round $round: after concurrent starts"
	sbx_expect_count "$(sbx_instance_pids mail1)" 4 "round $round: processes of mail1"
	sbx_run sbx_rg mail1 status
	sbx_expect_rc 0 "round $round: status"

	# Concurrent stops: all 0, nothing left.
	pids=()
	for _ in 1 2 3; do
		sbx_rg mail1 stop >/dev/null 2>&1 &
		pids+=("$!")
	done
	for p in "${pids[@]}"; do
		wait "$p"
		sbx_expect_eq "$?" 0 "round $round: exit of concurrent stop $p"
	done
	sbx_expect_stopped mail1 "round $round: after concurrent stops"
done

sbx_done
