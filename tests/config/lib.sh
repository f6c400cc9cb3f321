# SPDX-License-Identifier: MIT
# Common start of every configuration test: a private mount namespace, a
# scratch root from fixture.sh, cleanup on any exit.
set -u
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/fixture.sh"
H=${SCALIX_HA_BIN:-$CONFIG_TESTS/../../scalix-ha}
if [ -z "${SCALIX_HA_IN_NS:-}" ]; then
	SCALIX_HA_IN_NS=1 exec unshare -m --propagation private bash "$(cd "$(dirname "$0")" && pwd)/$(basename "$0")" "$@"
fi
R=$(mktemp -d /tmp/scalix-ha-config.XXXXXX)
cleanup() {
	umount "$R"/var/opt/scalix/m1 "$R"/var/opt/scalix/m2 2>/dev/null
	rm -rf "$R"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	exit 1
}
# The helper on the scratch root.
sx() { "$H" -q --root "$R" "$@"; }
mount_storage() {
	mount -t tmpfs "storage-$1" "$R/var/opt/scalix/$1"
	make_server_xml "$R/var/opt/scalix/$1/tomcat" "${2:-8005}"
}
