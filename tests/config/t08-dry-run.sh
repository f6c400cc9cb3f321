# SPDX-License-Identifier: MIT
# --dry-run prints a unified diff of every change and changes nothing.
. "$(dirname "$0")/lib.sh"
make_node "$R"
mount_storage m1
mount_storage m2
snapshot "$R" > "$R"/../s1.$$
out=$(sx --dry-run setup) || fail "dry run exited $?"
snapshot "$R" > "$R"/../s2.$$
cmp -s "$R"/../s1.$$ "$R"/../s2.$$ || { rm -f "$R"/../s[12].$$; fail "dry run changed files"; }
rm -f "$R"/../s[12].$$
for want in "^-OMAUTOSTART=TRUE" "^+OMAUTOSTART=FALSE" "^+JkWorkerProperty worker.list=mail1,mail2" \
	"^+<Server port=\"8006\"" "would link .*scalix-ha-mail2 -> scalix-ha" "would run: .*chkconfig --del scalix$" \
	"^+++ .*jk/app-mail2.srw.conf (new)"; do
	echo "$out" | grep -q -- "$want" || fail "dry run lacks: $want"
done
echo "dry run: diffs shown, nothing changed"
