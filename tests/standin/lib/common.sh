# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Shared by the stand-in vendor scripts (initd/*, bin/*). Test code only.
# Paths are taken inside $SCALIX_HA_ROOT (default /), as the helper passes it.

SX_ROOT=${SCALIX_HA_ROOT:-/}
SX_ROOT=${SX_ROOT%/}
SX_STANDIN=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck disable=SC2034 # used by the scripts that source this
SX_DAEMON=${SXDAEMON:-$SX_STANDIN/build/sxdaemon}
SX_REGISTRY=$SX_ROOT/etc/opt/scalix/instance.cfg
# The daemons omrc starts, in start order, and omshut's order.
# shellcheck disable=SC2034
SX_OMDAEMONS="omctrl omscan"
# shellcheck disable=SC2034
SX_OMDAEMONS_STOP="omscan omctrl"

sx_exists() {
	[ -f "$SX_REGISTRY" ] && grep -qx "OMNAME=$1" "$SX_REGISTRY"
}

# The vendor's message for an instance missing from the registry.
sx_need_instance() {
	if [ -z "$1" ] || ! sx_exists "$1"; then
		echo "Error: instance $1 doesn't exist" >&2
		exit 1
	fi
}

sx_az() {
	printf '%s%s\n' "${1:0:1}" "${1: -1:1}"
}

sx_instdir() {
	printf '%s/var/opt/scalix/%s\n' "$SX_ROOT" "$(sx_az "$1")"
}

# OMDATADIR of the instance's record, inside the root.
sx_datadir() {
	local d
	d=$(awk -v n="OMNAME=$1" '
		/^OMNAME=/ { inrec = ($0 == n) }
		inrec && /^OMDATADIR=/ { sub(/^OMDATADIR=/, ""); print; exit }
	' "$SX_REGISTRY")
	if [ -n "$d" ]; then
		printf '%s%s\n' "$SX_ROOT" "$d"
	else
		printf '%s/s\n' "$(sx_instdir "$1")"
	fi
}

# OMHOSTNAME of the instance's record: the address its servers listen on.
sx_hostname() {
	awk -v n="OMNAME=$1" '
		/^OMNAME=/ { inrec = ($0 == n) }
		inrec && /^OMHOSTNAME=/ { sub(/^OMHOSTNAME=/, ""); print; exit }
	' "$SX_REGISTRY"
}

sx_instances() {
	[ -f "$SX_REGISTRY" ] && sed -n 's/^OMNAME=//p' "$SX_REGISTRY"
}

# sx_fault INSTANCE KNOB: the knob is set by a file <instdir>/.fault/KNOB or
# by a word KNOB or INSTANCE/KNOB in $SXFAULT (comma or space separated).
sx_fault() {
	local w
	[ -e "$(sx_instdir "$1")/.fault/$2" ] && return 0
	for w in ${SXFAULT//,/ }; do
		[ "$w" = "$2" ] || [ "$w" = "$1/$2" ] && return 0
	done
	return 1
}

# The number in the knob's file (slow-start seconds), default $3.
sx_fault_value() {
	local v
	v=$(head -n 1 "$(sx_instdir "$1")/.fault/$2" 2>/dev/null)
	case $v in '' | *[!0-9.]*) v=$3 ;; esac
	printf '%s\n' "$v"
}

# A hang that the caller's timeout has to end: a foreground child in the
# caller's process group.
sx_hang() {
	echo "$1: hanging (fault knob)" >&2
	sleep 100000
	exit 1
}

# First line of a pid file, if it is a number.
sx_pidof() {
	local p
	[ -f "$1" ] || return 1
	p=$(head -n 1 "$1" 2>/dev/null)
	case $p in '' | *[!0-9]*) return 1 ;; esac
	printf '%s\n' "$p"
}

# kill -0 as the vendor scripts use it, but a zombie is dead.
sx_alive() {
	local st
	kill -0 "$1" 2>/dev/null || return 1
	st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

sx_comm() {
	cat "/proc/$1/comm" 2>/dev/null
}

# sx_wait_gone PID SECONDS: 0 when PID is gone within SECONDS.
sx_wait_gone() {
	local n=$(($2 * 10))
	while sx_alive "$1"; do
		[ "$n" -gt 0 ] || return 1
		n=$((n - 1))
		sleep 0.1
	done
	return 0
}

# sx_each VERB SCRIPT: with no instance, act on every registered instance
# whose storage is mounted here (like sxtomcat-get-mounted-instances).
sx_each() {
	local verb=$1 script=$2 i rc=0 r
	for i in $(sx_instances); do
		mountpoint -q "$(sx_instdir "$i")" || continue
		OMCURRENT=$i "$script" "$verb" "$i"
		r=$?
		[ "$rc" -ne 0 ] || rc=$r
	done
	return "$rc"
}
