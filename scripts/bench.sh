#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Side-by-side benchmark: every notification path run through Xen 4.20's
# ffa_notif.c and through libffamed with the same register inputs, counted
# in instructions under callgrind (deterministic, unlike timings). Method:
# bench/README.md.
#   scripts/bench.sh        build, run (twice: counts must match), print the
#                           markdown table; results in build/bench/results.txt,
#                           per-function costs of each path in
#                           build/bench/{ffamed,xen}.detail
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/bench
scripts/deps.sh bench

# Xen's own flags for arm64, which x86-64 gcc accepts too; plus: block
# zeroing and copying as unrolled stores (as an arm64 build does it), not as
# x86's rep stos, which callgrind counts as one instruction for any length.
xflags=(-O2 -std=gnu99 -fno-strict-aliasing -fomit-frame-pointer -mgeneral-regs-only
	-mstringop-strategy=unrolled_loop)
# Drivers, stand-ins, fake SPMC: host code, ordinary flags.
hflags=(-O2 -g -std=gnu11 -Wall -Wextra -Werror -Ibench)
# The core's aarch64 code size, as the freestanding stage builds it.
aflags=(-O2 -ffreestanding -mgeneral-regs-only -mno-outline-atomics)

rm -rf "$out" && mkdir -p "$out"/{xen,ffamed,cg,a64/core,a64/xen}

# Xen's file and the private header it includes, from the Debian source the
# Xen stage fetches (cached); built here, never committed.
tarball=$(scripts/trixie-apt.sh orig xen)
tar -C "$out/xen" -xf "$tarball" --wildcards --strip-components=5 \
	'*/xen/arch/arm/tee/ffa_notif.c' '*/xen/arch/arm/tee/ffa_private.h' \
	'*/xen/arch/arm/tee/ffa.c'
# Xen's guest-call dispatch, ffa_handle_call() in ffa.c, cut out whole after
# our stand-in prelude: libffamed's count includes its dispatch and reply, so
# Xen's does too (the table also gives ffa_notif.c alone).
{ cat bench/xen/dispatch_prelude.h
  awk '/^static bool ffa_handle_call\(/ {on = 1; sub(/^static bool ffa_handle_call/, "bool bench_ffa_handle_call")}
       on {print} on && /^}/ {exit}' "$out/xen/ffa.c"; } >"$out/xen/ffa_dispatch.c"
grep -q '^bool bench_ffa_handle_call' "$out/xen/ffa_dispatch.c" ||
	{ echo "bench: ffa_handle_call not found in Xen's ffa.c" >&2; exit 1; }
xver=$(basename "$tarball" | sed -E 's/^xen_([^+]*).*/\1/')

common() {   # $1: build dir; the pieces both binaries share
	gcc "${hflags[@]}" -c bench/bench_common.c -o "$1/bench_common.o"
	gcc -O2 -g -fno-builtin -fno-tree-loop-distribute-patterns -fno-strict-aliasing \
		-Wall -Wextra -Werror -c bench/bench_mem.c -o "$1/bench_mem.o"
}

# Xen side: ffa_notif.c (-Wall -Werror: Xen's own warning level) + driver.
common "$out/xen"
gcc "${xflags[@]}" -g -Wall -Werror -Ibench/xen/standins \
	-c "$out/xen/ffa_notif.c" -o "$out/xen/med_ffa_notif.o"
gcc "${xflags[@]}" -g -Wall -Werror -Ibench/xen/standins -I"$out/xen" \
	-c "$out/xen/ffa_dispatch.c" -o "$out/xen/med_ffa_dispatch.o"
gcc "${hflags[@]}" -Ibench/xen/standins -I"$out/xen" \
	-c bench/xen_paths.c -o "$out/xen/host_paths.o"
gcc -static -o "$out/xen/paths" "$out"/xen/*.o

# libffamed side: the core with the same flags + driver.
common "$out/ffamed"
for f in libffamed/*.c; do
	gcc "${xflags[@]}" -g -Wall -Wextra -Werror -Iinclude \
		-c "$f" -o "$out/ffamed/med_$(basename "$f" .c).o"
done
gcc "${hflags[@]}" -Iinclude -c bench/ffamed_paths.c -o "$out/ffamed/host_paths.o"
gcc -static -o "$out/ffamed/paths" "$out"/ffamed/*.o

# rep-prefixed string instructions count as one instruction under valgrind
# whatever their length; the stringop strategy above keeps them out.
if objdump -d "$out"/xen/med_*.o "$out"/ffamed/med_*.o | grep -qE '\brep[a-z]* +(stos|movs)'; then
	echo "bench: a mediator object uses rep stos/movs: counts would hide the work" >&2
	exit 1
fi

# Which functions are the mediator's (counted) and which the host's (not).
for side in xen ffamed; do
	nm --defined-only "$out/$side"/med_*.o | awk '$2 ~ /^[Tt]$/ {print $3}' >"$out/$side/med.syms"
	nm --defined-only "$out/$side"/host_paths.o "$out/$side"/bench_common.o |
		awk '$2 ~ /^[Tt]$/ {print $3}' >"$out/$side/host.syms"
done
# Xen's ffa_notif.c alone (without ffa.c's dispatch), for the second column.
nm --defined-only "$out/xen/med_ffa_notif.o" | awk '$2 ~ /^[Tt]$/ {print $3}' >"$out/xen/notif.syms"
cp "$out/ffamed/med.syms" "$out/ffamed/notif.syms"

# run SIDE TAG: one callgrind run, one dump per path; prints
# "path ir ir_notif smcs injections" lines (ir_notif: Xen's ffa_notif.c
# alone; the same as ir for libffamed).
run() {
	local side=$1 tag=$2 f name n=1
	local d=$out/cg/$side.$tag
	mkdir -p "$d"
	valgrind --tool=callgrind --callgrind-out-file="$d/cg" \
		"$out/$side/paths" >"$d/stdout" 2>"$d/valgrind.log" ||
		{ cat "$d/stdout" "$d/valgrind.log" >&2; return 1; }
	# Dumps cg.1, cg.2, ...: one per path, in the order the driver ran them.
	while f=$d/cg.$n && [ -e "$f" ]; do
		n=$((n + 1))
		name=$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")
		printf '%s %s ' "$name" "$(awk -v med="$out/$side/med.syms" \
			-v host="$out/$side/host.syms" -v detail=1 \
			-f bench/cg_sum.awk "$f" 2>"$f.detail")"
		printf '%s ' "$(awk -v med="$out/$side/notif.syms" \
			-v host="$out/$side/host.syms" -f bench/cg_sum.awk "$f")"
		{ echo "$name"; sort -k2 -n -r "$f.detail"; } >>"$d/detail"
		awk -v p="$name" '$1 == "path" && $2 == p {print $4, $6}' "$d/stdout"
	done | sort >"$d/counts"
}
for side in xen ffamed; do
	run "$side" a
	run "$side" b
	cmp -s "$out/cg/$side.a/counts" "$out/cg/$side.b/counts" ||
		{ echo "bench: $side counts differ between two runs" >&2;
		  diff "$out/cg/$side.a/counts" "$out/cg/$side.b/counts" >&2; exit 1; }
	cp "$out/cg/$side.a/counts" "$out/$side.counts"
	cp "$out/cg/$side.a/detail" "$out/$side.detail"
done

# State sizes and aarch64 .text (sum of .text* sections of the objects).
"$out/ffamed/paths" --sizes >"$out/sizes"
text_of() {
	aarch64-linux-gnu-size -A "$@" | awk '$1 ~ /^\.text/ {t += $2} END {print t + 0}'
}
for f in libffamed/*.c; do
	aarch64-linux-gnu-gcc "${aflags[@]}" -Iinclude -c "$f" \
		-o "$out/a64/core/$(basename "$f" .c).o"
done
aarch64-linux-gnu-gcc "${aflags[@]}" -Ibench/xen/standins \
	-c "$out/xen/ffa_notif.c" -o "$out/a64/xen/ffa_notif.o"
text_core=$(text_of "$out"/a64/core/*.o)
text_xen=$(text_of "$out"/a64/xen/*.o)

# The table, and results.txt ("key value" lines) for the budget check.
awk -v xver="$xver" -v text_core="$text_core" -v text_xen="$text_xen" \
    -v nlist="$(sed -n 's/^#define B_NLIST *\([0-9]*\).*/\1/p' bench/bench.h)" \
    -v res="$out/results.txt" '
FILENAME ~ /xen.counts$/    { X[$1] = $2; XN[$1] = $3; XSMC[$1] = $4; XNPI[$1] = $5; next }
FILENAME ~ /ffamed.counts$/ { F[$1] = $2; FSMC[$1] = $4; FNPI[$1] = $5; next }
$1 == "size" { S[$2] = $3; next }
function only(label, key) {
	printf "| %s | %d | %d | %d |\n", label, F[key], FSMC[key], FNPI[key]
	printf "%s.ir %d\n%s.smcs %d\n%s.injections %d\n", key, F[key], key, FSMC[key],
		key, FNPI[key] > res
}
function row(label, key,    r) {
	r = X[key] > 0 ? sprintf("%.1f", F[key] / X[key]) : "-"
	printf "| %s | %d | %d | %d | %s | %d / %d | %d / %d |\n", label, XN[key], X[key], F[key], r,
		XSMC[key], FSMC[key], XNPI[key], FNPI[key]
	printf "%s.ir %d\n%s.smcs %d\n%s.injections %d\n", key, F[key], key, FSMC[key],
		key, FNPI[key] > res
}
END {
	# The cost of each listed VM past the first, from the 1- and N-list SRIs.
	X["sri_further"] = int((X["sri_n"] - X["sri_1"]) / (nlist - 1) + 0.5)
	XN["sri_further"] = int((XN["sri_n"] - XN["sri_1"]) / (nlist - 1) + 0.5)
	F["sri_further"] = int((F["sri_n"] - F["sri_1"]) / (nlist - 1) + 0.5)
	F["sri_further_no_online"] = int((F["sri_n_no_online"] - F["sri_1_no_online"]) / (nlist - 1) + 0.5)
	printf "| path | Xen %s ffa_notif.c | Xen %s with dispatch | libffamed | ratio | SMCs Xen / libffamed | NPIs Xen / libffamed |\n", xver, xver
	print "| --- | ---: | ---: | ---: | ---: | --- | --- |"
	row("BIND valid (SP sender)", "bind_valid")
	row("SET valid (VM -> SP)", "set_valid")
	row("GET SP+SPM", "get_sp_spm")
	row("INFO_GET_64, own VM pending", "info_get_pending")
	row("INFO_GET_64, nothing pending", "info_get_none")
	row("BIND bad receiver", "bind_bad_receiver")
	row("UNBIND valid", "unbind_valid")
	row("SRI, 1 list", "sri_1")
	row("SRI, " nlist " lists", "sri_n")
	printf "| SRI, each further listed VM | %d | %d | %d | %.1f | - | - |\n",
		XN["sri_further"], X["sri_further"], F["sri_further"], F["sri_further"] / X["sri_further"]
	printf "sri_further.ir %d\n", F["sri_further"] > res
	row("domain init + destroy (2 vCPUs)", "init_destroy")
	print ""
	print "| libffamed only (no Xen 4.20 counterpart: the first SP binding of a VM, VM-to-VM notifications, a host without vcpu_online) | libffamed | SMCs | NPIs |"
	print "| --- | ---: | --- | --- |"
	only("BIND, SP sender, the VM'"'"'s first (starts its SP-sender mirror)", "bind_sp_first")
	only("BIND, VM sender", "bind_vm")
	only("SET VM -> VM, global", "set_vm")
	only("GET VM bitmap", "get_vm")
	only("SET VM -> VM, per-vCPU", "set_vm_vcpu")
	only("INFO_GET_64, a vCPU list", "info_get_vcpu")
	only("GET VM bitmap on that vCPU", "get_vm_vcpu")
	only("SRI, 1 list, host without vcpu_online", "sri_1_no_online")
	only("SRI, " nlist " lists, host without vcpu_online", "sri_n_no_online")
	printf "| SRI, each further listed VM, host without vcpu_online | %d | - | - |\n", F["sri_further_no_online"]
	printf "sri_further_no_online.ir %d\n", F["sri_further_no_online"] > res
	print ""
	printf "state: struct ffamed %d B, struct ffamed_vm %d B%s, per vCPU %d B; Xen: 1 B per domain (struct ffa_ctx_notif)\n",
		S["struct_ffamed"], S["struct_ffamed_vm"],
		(S["inline_vcpus"] > 0 ? " (holds " S["inline_vcpus"] " vCPUs)" : " + the host'"'"'s vCPU array"),
		S["per_vcpu"]
	printf "aarch64 .text at -O2: libffamed core %d B, Xen ffa_notif.c %d B\n", text_core, text_xen
	printf "size.struct_ffamed %d\nsize.struct_ffamed_vm %d\nsize.per_vcpu %d\ntext.core %d\n",
		S["struct_ffamed"], S["struct_ffamed_vm"], S["per_vcpu"], text_core > res
}' "$out/xen.counts" "$out/ffamed.counts" "$out/sizes"
