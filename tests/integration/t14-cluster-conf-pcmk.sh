#!/bin/bash
# SPDX-License-Identifier: MIT
# cluster-conf for the whole cluster (the bulletin's two nodes and two
# instances), proven with Pacemaker's own tools, no running cluster:
#  - the CIB form loads into an empty CIB and crm_verify accepts it;
#  - the pcs form, run with the real `pcs -f FILE` on an empty CIB, gives the
#    same resources and constraints (compared structurally, ids included);
#  - crm_simulate on the generated CIB: mail1 on nodea and mail2 on nodeb,
#    each group LVM -> Filesystem -> IPaddr2 -> instance; nodea fails: both
#    on nodeb in that order; nodea returns: nothing moves back.  Asserted
#    on the transition graphs (crm_simulate -G), not on text.
. "$(dirname "$(readlink -f "$0")")/../lib/sandbox.sh"
sbx_enter "$@"
for t in crm_verify crm_simulate cibadmin crm_mon pcs xsltproc xmllint; do
	command -v "$t" >/dev/null || sbx_fatal "no $t (tools/install-deps)"
done
sbx_setup
sbx_registry mail1 mail2
# shellcheck disable=SC2119 # the binary only
sbx_install_helper
# pcs checks the agents' meta-data: ocf:scalix:instance as the package installs it.
sbx_install_ocf_agent

cl=$SBX_TOP/tests/cluster
s=$SBX_SCRATCH
# The bulletin's layout: the settings every node shares.
sbx_settings 'CLUSTER_NODES="nodea nodeb"' \
	MAIL1_NODE=nodea MAIL1_IP=192.168.100.21/24 MAIL1_DEVICE=/dev/vgmail1/lvmail1 \
	MAIL2_NODE=nodeb MAIL2_IP=192.168.100.22/24 MAIL2_DEVICE=/dev/vgmail2/lvmail2

sbx_run sbx_ha cluster-conf --format=cib
sbx_expect_rc 0 "cluster-conf --format=cib (every registered instance)"
cp "$SBX_OUT" "$s/conf.xml"
xmllint --noout "$s/conf.xml" || sbx_fail "cib: not well-formed"
xmllint --xpath /configuration/resources "$s/conf.xml" >"$s/resources.xml"
xmllint --xpath /configuration/constraints "$s/conf.xml" >"$s/constraints.xml"

# Our CIB: an empty one, the two sections given to cibadmin as the man page says.
cib_of() { # FILE: an empty CIB with the generated resources and constraints
	cibadmin --empty >"$1" &&
		CIB_file=$1 cibadmin -C -o resources -x "$s/resources.xml" &&
		CIB_file=$1 cibadmin -C -o constraints -x "$s/constraints.xml"
}
cib_of "$s/ours.xml" || sbx_fatal "cibadmin does not take the generated sections"

# --- the pcs form, with the real pcs, on an empty CIB ----------------------
sbx_run sbx_ha cluster-conf --format=pcs
sbx_expect_rc 0 "cluster-conf --format=pcs"
cp "$SBX_OUT" "$s/pcs.txt"
cibadmin --empty >"$s/pcs.xml"
n=0
while IFS= read -r line; do
	case $line in '#'* | '') continue ;; esac
	# The line as a shell reads it, then pcs -f FILE with its words.
	eval "w=($line)"
	# shellcheck disable=SC2154 # set by eval
	[ "${w[0]}" = pcs ] || sbx_fail "pcs: a line that is not a pcs command: $line"
	if ! out=$(pcs -f "$s/pcs.xml" "${w[@]:1}" 2>&1); then
		sbx_fail "pcs refused: $line: $out"
	fi
	n=$((n + 1))
done <"$s/pcs.txt"
sbx_expect_eq "$n" 12 "pcs: six commands an instance"
norm() { xsltproc "$cl/cib-normal.xsl" "$1" | sort; }
if ! diff -u <(norm "$s/ours.xml") <(norm "$s/pcs.xml") >"$s/norm.diff"; then
	sbx_fail "pcs -f and the CIB form differ:"
	sed 's/^/  /' "$s/norm.diff" >&2
fi
sbx_expect_eq "$(norm "$s/ours.xml" | wc -l)" 78 "the compared lines (groups, primitives, nvpairs, ops, constraints)"
members() { xmllint --xpath '//group/primitive/@id' "$1" | tr -s ' \n' ' '; }
sbx_expect_eq "$(members "$s/pcs.xml")" "$(members "$s/ours.xml")" "pcs: group members in the same (start) order"

# --- crm_verify: two nodes, a fence device, our resources -------------------
cib_of "$s/base.xml"
export CIB_file=$s/base.xml
if ! { cibadmin -C -o nodes -X '<node id="1" uname="nodea"/>' &&
	cibadmin -C -o nodes -X '<node id="2" uname="nodeb"/>' &&
	cibadmin -C -o resources -X '<primitive id="fence-all" class="stonith" type="fence_dummy"/>'; }; then
	sbx_fatal "cannot add the nodes and the fence device"
fi
unset CIB_file
# Both nodes up, with quorum: the cluster before anything ran.
crm_simulate -x "$s/base.xml" -q 1 -u nodea -u nodeb -I "$s/s0.xml" >/dev/null 2>&1 ||
	sbx_fatal "crm_simulate cannot bring the nodes up"
sbx_run crm_verify -V -x "$s/s0.xml"
sbx_expect_rc 0 "crm_verify accepts the generated CIB"
[ -s "$SBX_ERR" ] && {
	sbx_fail "crm_verify has something to say"
	sbx_dump
}

# --- crm_simulate: placement, takeover, no failback ------------------------
step() { # IN OUT ARGS...: one simulated transition, its graph as lines
	local in=$1 out=$2
	shift 2
	crm_simulate -x "$s/$in.xml" -S -Q "$@" -O "$s/$out.xml" -G "$s/$out.graph" \
		>/dev/null 2>&1 || sbx_fatal "crm_simulate $* failed"
	xsltproc "$cl/graph-actions.xsl" "$s/$out.graph" >"$s/$out.actions"
}
starts() { # ACTIONS GROUP: "RSC NODE after:..." of each start, start order
	grep "^start scalix-$2-" "$s/$1.actions" | sed 's/^start //; s/ 0\( \|$\)/\1/'
}
where() { # CIB RESOURCE: the node it runs on, per crm_mon
	CIB_file=$s/$1.xml crm_mon -1 --output-as=xml 2>/dev/null |
		xmllint --xpath "string(//resource[@id='$2']/node/@name)" - 2>/dev/null
}
order() { # NODE GROUP: the starts the group's order requires, on NODE
	printf 'scalix-%s-lvm %s\n' "$2" "$1"
	printf 'scalix-%s-fs %s after:scalix-%s-lvm_start_0\n' "$2" "$1" "$2"
	printf 'scalix-%s-ip %s after:scalix-%s-fs_start_0\n' "$2" "$1" "$2"
	printf 'scalix-%s-instance %s after:scalix-%s-ip_start_0\n' "$2" "$1" "$2"
}

step s0 s1
sbx_expect_eq "$(starts s1 mail1 | sort)" "$(order nodea mail1 | sort)" \
	"mail1 starts on nodea: LVM, then Filesystem, IPaddr2, the instance"
sbx_expect_eq "$(starts s1 mail2 | sort)" "$(order nodeb mail2 | sort)" \
	"mail2 starts on nodeb in the same order"
for r in lvm fs ip instance; do
	sbx_expect_eq "$(where s1 "scalix-mail1-$r") $(where s1 "scalix-mail2-$r")" \
		"nodea nodeb" "after the start: scalix-mail1-$r on nodea, scalix-mail2-$r on nodeb"
done

step s1 s2 -f nodea
grep -q '^stonith\|fence' "$s/s2.graph" || sbx_fail "nodea fails: no fencing in the transition"
sbx_expect_eq "$(starts s2 mail1 | sort)" "$(order nodeb mail1 | sort)" \
	"nodea fails: mail1 starts on nodeb, LVM first, the instance last"
sbx_expect_eq "$(grep -c ' scalix-mail2-' "$s/s2.actions" | grep -v '^0$' || :)" "" \
	"nodea fails: mail2 is left alone on nodeb"
for r in lvm fs ip instance; do
	sbx_expect_eq "$(where s2 "scalix-mail1-$r") $(where s2 "scalix-mail2-$r")" \
		"nodeb nodeb" "after the failure: scalix-mail1-$r and scalix-mail2-$r on nodeb"
done

step s2 s3 -u nodea
sbx_expect_eq "$(grep -E '^(start|stop|migrate_to|migrate_from) scalix-' "$s/s3.actions")" "" \
	"nodea returns: nothing of ours starts or stops (probes only)"
sbx_expect_eq "$(where s3 scalix-mail1-instance) $(where s3 scalix-mail2-instance)" \
	"nodeb nodeb" "nodea back: both instances stay on nodeb"
# The proof has teeth: without the stickiness, mail1 goes back to nodea.
sed '/resource-stickiness/d' "$s/s2.xml" >"$s/s2-nosticky.xml"
step s2-nosticky s3-nosticky -u nodea
starts s3-nosticky mail1 | grep -q '^scalix-mail1-instance nodea' ||
	sbx_fail "without resource-stickiness mail1 did not move back: the no-failback check proves nothing"

sbx_done
