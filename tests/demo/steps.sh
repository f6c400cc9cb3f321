# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# tests/demo/steps.sh: the steps of `make demo`, shared by its two parts
# (demo.sh inside the simulated node, cluster.sh in the two-node sandbox).
# Each step is shown as it runs and appended to the file $DEMO_RECORDS (on
# the host, in the source tree's build directory), one tab-separated line:
#	head    TEXT                      a line above the report's table
#	section TITLE                     a heading inside the table
#	step    NAME SECONDS RESULT OK|FAIL
#	note    TEXT                      a line under the table
# demo.sh prints the final report from it (demo_report), after both parts.

# 1 once a step failed (the parts' exit code).
# shellcheck disable=SC2034 # used by the scripts that source this
FAILED=0

# ms_now, ms_since
. "$(dirname "${BASH_SOURCE[0]}")/../lib/clock.sh"

demo_put() { # kind field...
	[ -n "${DEMO_RECORDS:-}" ] || return 0
	local IFS=$'\t'
	printf '%s\n' "$*" >>"$DEMO_RECORDS"
}
demo_head() { demo_put head "$1"; }
demo_section() { demo_put section "$1"; }
demo_note() { demo_put note "$1"; }

# step "NAME" CMD...: run, time, record; output indented. CMD runs in a
# subshell, unless STEP_HERE=1 (it then may set variables, and exit ends the
# part; its output, in the file DEMO_STEP_OUT, is shown once it is done).
DEMO_STEP_OUT=${DEMO_STEP_OUT:-/dev/shm/demo-step.out}
step() {
	local name=$1 t0 rc
	shift
	printf '\n>>> %s\n    $ %s\n' "$name" "$*"
	t0=$(ms_now)
	if [ "${STEP_HERE:-}" = 1 ]; then
		# Through a file: a pipe would stay open in the daemons CMD starts.
		"$@" >"$DEMO_STEP_OUT" 2>&1
		rc=$?
		sed 's/^/    | /' "$DEMO_STEP_OUT"
		rm -f "$DEMO_STEP_OUT"
	else
		"$@" 2>&1 | sed 's/^/    | /'
		rc=${PIPESTATUS[0]}
	fi
	record "$name" "$(ms_since "$t0")" "$rc"
	return "$rc"
}

# record NAME SECONDS RC|TEXT [OK|FAIL]: a number but 0, or a text, is a
# failure unless the fourth argument says otherwise.
record() {
	local r=$3 ok=OK
	case $r in
	0) r=ok ;;
	[0-9]*)
		r="exit $r"
		ok=FAIL
		;;
	*) ok=FAIL ;;
	esac
	ok=${4:-$ok}
	[ "$ok" = OK ] || FAILED=1
	demo_put step "$1" "$2" "$r" "$ok"
	printf '    -> %s (%ss)\n' "$r" "$2"
}

# expect WANT NAME CMD...: a step whose exit code must be WANT.
expect() {
	local want=$1 name=$2 rc t0
	shift 2
	printf '\n>>> %s\n    $ %s\n' "$name" "$*"
	t0=$(ms_now)
	"$@" 2>&1 | sed 's/^/    | /'
	rc=${PIPESTATUS[0]}
	if [ "$rc" = 0 ] && [ "$want" = 0 ]; then
		record "$name" "$(ms_since "$t0")" 0
	elif [ "$rc" = "$want" ]; then
		record "$name" "$(ms_since "$t0")" "exit $rc, as expected" OK
	else
		record "$name" "$(ms_since "$t0")" "exit $rc, want $want" FAIL
	fi
	return 0
}
