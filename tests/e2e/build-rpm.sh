#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/e2e/build-rpm.sh [OUTDIR]: build the scalix-ha binary RPM from the
# working tree (tracked and new, not ignored files, as `make dist` would pack
# them once committed), in a private rpmbuild top directory, without %check
# (the unit tests are `make unit`'s job). Prints the path of the RPM.
# Also builds the stand-ins for the vendor's packages (scalix-server,
# scalix-tomcat, scalix-postgres 11.4.6, tests/package/scalix-standin.spec.in)
# into OUTDIR/RPMS/noarch, so that a node's rpm database knows Scalix.
# OUTDIR defaults to <top>/build/e2e-rpm: inside the tree, because a
# simulated node has its own /tmp and would not see an RPM under the host's.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/build/e2e-rpm}
name=scalix-ha
version=$(awk '/^Version:/ { print $2; exit }' "$top/$name.spec")
[ -n "$version" ] || { echo "build-rpm.sh: no Version in $top/$name.spec" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/SOURCES" "$out/home" || exit 1
(
	cd "$top" || exit 1
	# Not a git checkout: every file but build output and VCS data.
	{ git ls-files -z --cached --others --exclude-standard 2>/dev/null ||
		find . \( -name .git -o -path ./build -o -path ./rpmbuild -o -name '*.o' -o -name '*.d' \) -prune \
			-o -type f -printf '%P\0'; } |
		while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - --transform "s,^,$name-$version/," --owner=0 --group=0 \
			-czf "$out/SOURCES/$name-$version.tar.gz"
) || { echo "build-rpm.sh: cannot pack the sources" >&2; exit 1; }

# Debian's rpm keeps state under HOME: keep it in the scratch directory.
if ! HOME=$out/home rpmbuild --define "_topdir $out" --define "packager scalix-ha e2e tests" \
	--nodeps --nocheck -bb "$top/$name.spec" >"$out/rpmbuild.log" 2>&1; then
	echo "build-rpm.sh: rpmbuild failed; last lines of $out/rpmbuild.log:" >&2
	tail -n 20 "$out/rpmbuild.log" >&2
	exit 1
fi
HOME=$out/home rpmbuild --define "_topdir $out" -bb "$top/tests/package/scalix-standin.spec.in" \
	>"$out/standin.log" 2>&1 || echo "build-rpm.sh: warning: no vendor stand-in RPMs (see $out/standin.log)" >&2
rpm=
for f in "$out"/RPMS/*/"$name-$version"-*.rpm; do
	[ -f "$f" ] && rpm=$f && break # -debuginfo, -debugsource: other names
done
[ -n "$rpm" ] || { echo "build-rpm.sh: no $name RPM under $out/RPMS" >&2; exit 1; }
echo "$rpm"
