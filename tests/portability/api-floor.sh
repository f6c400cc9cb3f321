#!/bin/sh
# SPDX-License-Identifier: MIT
# The API floor: every external function and dlopen'ed symbol the helper
# uses, every header and macro it and its unit tests use, and the Check
# functions the tests call (not the C library calls only tests make) are in
# the table (doc/api-floor.tsv) and
# no newer than the RHEL 6 floor the table names, unless the table says which
# part of the compatibility layer covers it (FILE:TOKEN, checked here).
# Usage: api-floor.sh [-l] TABLE SRCDIR BUILDDIR CC CPPFLAGS...
#   SRCDIR holds src/ and tests/unit/; BUILDDIR the helper's main.o and
#   libscalixha.a (nm -u);
#   CC and CPPFLAGS preprocess the sources (gcc -dU: the macros expanded).
#   -l lists what is used ("kind name" lines) and checks nothing.
# The last line is "api-floor: passed, ..." or "api-floor: N problems".
set -u
list=0
[ "${1:-}" = -l ] && { list=1; shift; }
[ $# -ge 4 ] || { echo "usage: $0 [-l] TABLE SRCDIR BUILDDIR CC CPPFLAGS..." >&2; exit 2; }
table=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2 build=$3 cc=$4
shift 4
cd "$src" || exit 2
work=$(mktemp -d /tmp/scalix-ha-floor.XXXXXX)
trap 'rm -rf "$work"' EXIT

csrcs=$(ls src/*.c src/lib/*.c tests/unit/check_*.c 2>/dev/null)
allsrcs=$(ls src/*.[ch] src/lib/*.[ch] tests/unit/*.[ch] 2>/dev/null)
# The helper as linked: main.o and the library of every other object (a
# BUILD directory may hold objects of files since removed).
objs="$build/main.o $build/libscalixha.a"
for o in $objs; do
	[ -f "$o" ] || { echo "api-floor: no $o (build first)"; exit 2; }
done

# Functions and variables: undefined in the helper's objects, defined in none.
nm -u $objs | awk 'NF == 2 { print $2 }' | sort -u > "$work/undef"
nm --defined-only $objs | awk 'NF == 3 { print $3 }' | sort -u > "$work/def"
comm -23 "$work/undef" "$work/def" | sed 's/^/func /' > "$work/used"

# dlsym names: the initialisers of the dlopen tables, as the compiler sees them.
for f in $(grep -l 'struct dynsym' src/*.c src/lib/*.c 2>/dev/null | grep -v '/dynlib\.c$'); do
	"$cc" "$@" -E -P "$f" | tr '\n' ' '
done | grep -oE '\{ *"[A-Za-z_][A-Za-z0-9_]*" *, *__builtin_offsetof' |
	sed -E 's/^\{ *"([^"]*)".*/dlsym \1/' | sort -u >> "$work/used"

# Headers: every #include <...>.
sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/header \1/p' $allsrcs |
	sort -u >> "$work/used"

# Macros: those the preprocessor expanded or tested (-dU) that the code names
# itself, less the code's own (check_compat.h's ck_* stand in for Check's),
# the compiler's predefined ones and the command line's.
"$cc" "$@" -dM -E - < /dev/null | awk '{ sub(/\(.*/, "", $2); print $2 }' > "$work/skip"
for a in "$@"; do case $a in -D*) a=${a#-D}; echo "${a%%=*}" ;; esac; done >> "$work/skip"
grep -hoE '^[[:space:]]*#[[:space:]]*define[[:space:]]+[A-Za-z_][A-Za-z0-9_]*' $allsrcs |
	awk '{ print $NF }' | grep -v '^ck_' >> "$work/skip"
grep -hoE '^#define[[:space:]]+CK_[A-Za-z0-9_]*' tests/unit/check_compat.h 2>/dev/null |
	awk '{ print $2 }' >> "$work/skip"
sort -u -o "$work/skip" "$work/skip"
for f in $csrcs; do
	"$cc" "$@" -dU -E "$f" 2> /dev/null |
		awk '$1 == "#define" { sub(/\(.*/, "", $2); print $2 }' | sort -u > "$work/m"
	"$cc" -fpreprocessed -dD -E -P "$f" 2> /dev/null | grep -v '^#' |
		sed 's/"\([^"\\]\|\\.\)*"//g' | grep -oE '[A-Za-z_][A-Za-z0-9_]*' | sort -u > "$work/t"
	comm -12 "$work/m" "$work/t"
	# Enumeration constants of the libraries' headers (no -dU for those).
	grep -E '^(RPM|PGP|XML_|SELABEL_|POPT_)[A-Z0-9_]*$' "$work/t"
	# Check's functions the tests call (Debian links Check statically:
	# not in nm -u), unless a macro of that name was counted above.
	case $f in tests/unit/*)
		grep -E '^(srunner|suite|tcase)_[a-z_]+$' "$work/t" | comm -23 - "$work/m" |
			sed 's/^/func: /' ;;
	esac
done | sort -u | comm -23 - "$work/skip" |
	sed -e 's/^func: /func /' -e t -e 's/^/macro /' >> "$work/used"

if [ $list = 1 ]; then
	cat "$work/used"
	exit 0
fi

# Every unit test includes the Check compatibility header.
for f in tests/unit/check_*.c; do
	grep -q '^#include "check_compat.h"' "$f" || echo "$f: does not include check_compat.h"
done > "$work/problems"

awk -F '\t' -v src="$src" -v problems="$work/problems" '
function vcmp(a, b,   x, y, n, i) {
	n = split(a, x, "."); if (split(b, y, ".") > n) n = split(b, y, ".")
	for (i = 1; i <= n; i++) if (x[i] + 0 != y[i] + 0) return x[i] + 0 < y[i] + 0 ? -1 : 1
	return 0
}
# Does FILE (under the source tree) contain TOKEN?
function covers(c,   file, tok, line, found) {
	file = c; sub(/:.*/, "", file); tok = c; sub(/^[^:]*:/, "", tok)
	found = 0
	while ((getline line < (src "/" file)) > 0) if (index(line, tok)) found = 1
	close(src "/" file)
	return found
}
FNR == NR {
	if ($0 ~ /^#/ || NF < 5) next
	if ($1 == "floor") { floor[$3] = $4; next }
	k = ($1 == "const" ? "macro" : $1)
	lib[k, $2] = $3; since[k, $2] = $4; compat[k, $2] = (NF >= 6 ? $6 : "")
	next
}
{
	split($0, u, " "); k = u[1]; n = u[2]; checked++
	if (!((k, n) in lib)) { print k " " n ": not in the API floor table" >> problems; next }
	l = lib[k, n]; s = since[k, n]; c = compat[k, n]
	if (c != "" && !covers(c)) { print k " " n ": compatibility " c " not found" >> problems; next }
	sub(/^<=/, "", s)
	if (s !~ /^[0-9]/) next # c99, posix: every floor has it
	if (!(l in floor)) { print k " " n ": no floor for library " l >> problems; next }
	if (vcmp(s, floor[l]) > 0) {
		if (c == "") print k " " n ": " l " " s " is newer than the floor " floor[l] >> problems
		else covered++
	}
}
END { printf "%d %d\n", checked, covered > (problems ".n") }
' "$table" "$work/used"

read -r checked covered < "$work/problems.n"
if [ -s "$work/problems" ]; then
	sed 's/^/api-floor: /' "$work/problems"
	echo "api-floor: $(wc -l < "$work/problems") problems in $checked interfaces"
	exit 1
fi
echo "api-floor: passed, $checked interfaces at or below the floor, ${covered:-0} of them newer and covered by the compatibility layer"
