#!/bin/bash
# SPDX-License-Identifier: MIT
# The spec under old macro sets: rpmspec -P with rhel 6, 7, 8 and 9 defined
# (and without: Debian's rpmbuild) takes the right branches; the license and
# make_build fallbacks do what rpm 4.8 (RHEL 6) needs; rpmbuild succeeds as
# RHEL 6 with the macros rpm 4.8 lacks undefined.
# The last line is "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
spec=$top/scalix-ha.spec
work=$(mktemp -d /tmp/scalix-ha-specfloor.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home
mkdir -p "$HOME"
pass=0 failed=0
result() {
	if [ "$1" = 0 ]; then pass=$((pass + 1)); echo "ok   $2"
	else failed=$((failed + 1)); echo "FAIL $2"; sed 's/^/     /' "$work/out"; fi
}
# The %files section of a parsed spec.
files_of() { sed -n '/^%files/,/^%changelog/p' "$1"; }

# 1. Each macro set: rpmspec -P parses without warnings, and the branches.
for rhel in 6 7 8 9 none; do
	if [ $rhel = none ]; then def=(); else def=(--define "rhel $rhel"); fi
	rpmspec -P "${def[@]}" "$spec" > "$work/p.$rhel" 2> "$work/err.$rhel"
	rc=$?
	{ cat "$work/err.$rhel"; [ $rc = 0 ] && [ ! -s "$work/err.$rhel" ]; } > "$work/out"
	result $? "rpmspec -P (rhel $rhel) parses without warnings"
	unit=$(files_of "$work/p.$rhel" | grep -c 'scalix-ha@\.service$')
	if [ $rhel = 6 ]; then
		{ echo "systemd unit in %files: $unit"
		  grep -n 'unitdir=' "$work/p.$rhel"
		  [ "$unit" = 0 ] && grep -q 'unitdir= ' "$work/p.$rhel"; } > "$work/out"
		result $? "rhel 6: no systemd unit, installed with unitdir= (empty)"
		grep -n 'popt' "$work/p.$rhel" > "$work/out"
		grep -q '^BuildRequires: *popt-devel$' "$work/p.$rhel" &&
			! grep -q 'pkgconfig(popt)' "$work/p.$rhel"
		result $? "rhel 6: BuildRequires popt-devel, not pkgconfig(popt)"
	else
		{ echo "systemd unit in %files: $unit"
		  grep -n 'unitdir=' "$work/p.$rhel"
		  [ "$unit" = 1 ] && grep -q 'unitdir=/usr/lib/systemd/system ' "$work/p.$rhel"; } > "$work/out"
		result $? "rhel $rhel: the systemd unit installed and in %files"
		grep -n 'popt' "$work/p.$rhel" > "$work/out"
		grep -q '^BuildRequires: *pkgconfig(popt)$' "$work/p.$rhel" &&
			! grep -q 'popt-devel' "$work/p.$rhel"
		result $? "rhel $rhel: BuildRequires pkgconfig(popt)"
	fi
done

# 2. The license fallback as rpm 4.8 reads the preamble: every tag becomes a
# macro of its lower-case name (build/parsePreamble.c at rpm-4.8.0-release,
# addMacro of the preambleList name), and there is no _licensedir.  Newer
# rpm keeps the license directive itself while parsing %files, so this is
# emulated: the preamble, in order, as %define lines for rpm --eval.
awk '/^%description/ { exit }
     /^(Name|Version|Release|Summary|License|Group|URL):/ {
	t = tolower($1); sub(/:$/, "", t); v = $0; sub(/^[^:]*:[ \t]*/, "", v)
	print "%define " t " " v; next }
     /^%\{!\?(_licensedir|make_build):/ { print }' "$spec" > "$work/preamble"
got=$(rpm --undefine _licensedir --undefine make_build --define '_smp_mflags -j2' \
	--eval "$(cat "$work/preamble")" --eval '[%{license}] [%{make_build}]' | tail -n1)
echo "rpm 4.8 emulation gives: $got" > "$work/out"
[ "$got" = "[%doc] [$(rpm --eval '%{__make}') -j2]" ]
result $? "rpm 4.8: the license macro is %doc, make_build is make with _smp_mflags"
# The fallback must follow License: (before it, License: would win).
lic=$(grep -n '^License:' "$spec" | cut -d: -f1)
fb=$(grep -n '^%{!?_licensedir:' "$spec" | cut -d: -f1)
echo "License: on line $lic, the fallback on line ${fb:-none}" > "$work/out"
[ -n "$fb" ] && [ "$fb" -gt "$lic" ]
result $? "the license fallback comes after License:"

# 3. rpmbuild as RHEL 6, without the macros rpm 4.8 lacks.  (rpm 4.18's
# spec parser pushes _licensedir itself, parseSpec.c: the undefine holds
# for the command line only; section 2 covers that fallback.)
old=(--define 'rhel 6' --undefine make_build --undefine make_install --undefine _licensedir)
rpmbuild "${old[@]}" --eval '[%{?make_build}][%{?make_install}][%{?_licensedir}]' > "$work/out" 2>&1
[ "$(cat "$work/out")" = "[][][]" ]
result $? "rpmbuild --undefine make_build, make_install, _licensedir: all undefined"
version=$(awk '/^Version:/ { print $2; exit }' "$spec")
mkdir -p "$work/b/SOURCES"
(cd "$top" && git ls-files -z | tar --null -T - --transform "s,^,scalix-ha-$version/," \
	-czf "$work/b/SOURCES/scalix-ha-$version.tar.gz")
rpmbuild -bb --nodeps "${old[@]}" --define "_topdir $work/b" \
	--define 'packager scalix-ha tests' "$spec" > "$work/out" 2>&1
rpm6=$(ls "$work"/b/RPMS/*/scalix-ha-"$version"-1.*.rpm 2>/dev/null | head -n1)
[ -n "$rpm6" ] && grep -q "^+ /usr/bin/make -j" "$work/out" &&
	grep -q "^+ /usr/bin/make install DESTDIR=" "$work/out"
result $? "rpmbuild -bb as rhel 6 (the make_build and make_install fallbacks ran)"
{ rpm -qlp "$rpm6"; rpm -qdp "$rpm6"; } > "$work/out" 2>&1
! grep -q 'systemd' "$work/out" && grep -q '/usr/sbin/scalix-ha$' "$work/out" &&
	grep -q 'COPYING$' "$work/out"
result $? "the rhel 6 package: no systemd unit, the helper, COPYING"

# 4. make install as the spec runs it: the OCF agent's relative link without
# realpath --relative-to (RHEL 6's coreutils 8.4 lacks it), and no unit
# with unitdir= (empty).
n=0
for layout in "/usr/sbin /usr/lib/ocf/resource.d/scalix" "/opt/sx/sbin /opt//sx/ocf/" \
	"/usr/sbin /usr/sbin/ocf" "/sbin /usr/lib/ocf/resource.d/scalix"; do
	set -- $layout
	n=$((n + 1)) d=$work/inst$n
	make -s -C "$top" install DESTDIR="$d" sbindir="$1" ocfdir="$2" unitdir= > "$work/out" 2>&1
	got=$(readlink "$d$2/instance")
	want=$(realpath -m -s --relative-to="$2" "$1/scalix-ha")
	echo "sbindir $1, ocfdir $2: link $got, realpath -m -s says $want" >> "$work/out"
	[ "$got" = "$want" ] && [ -x "$d$2/$got" ] && [ ! -e "$d/usr/lib/systemd" ]
	result $? "make install: OCF link $got from $2 (unitdir= installs no unit)"
done

echo "$pass passed, $failed failed"
[ $failed = 0 ]
