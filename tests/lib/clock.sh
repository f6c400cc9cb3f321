# SPDX-License-Identifier: MIT
# Sourced: milliseconds since the epoch, and "S.mmm" for the time since such a
# mark.  Shared by the simulated node, the cluster test and the demo.
ms_now() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}
ms_since() {
	local d=$(($(ms_now) - $1))
	printf '%d.%03d' $((d / 1000)) $((d % 1000))
}
