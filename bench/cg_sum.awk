# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Sum one callgrind dump's instructions (Ir) spent in the mediator's own code.
#   awk -v med=MED_SYMS -v host=HOST_SYMS [-v detail=1] -f cg_sum.awk DUMP
# MED_SYMS / HOST_SYMS: files of function names, one a line (from nm).
# Counted: the self cost of every mediator function, plus the inclusive cost
# of its calls to anything that is neither mediator nor host (libc's memset
# and memcpy the compiler emits for the mediator). Not counted: host
# stand-ins, the fake SPMC, the driver. Prints the total (and, with detail=1,
# one "  function Ir" line per counted function on stderr).
BEGIN {
	while ((getline s < med) > 0) M[s] = 1
	while ((getline s < host) > 0) H[s] = 1
	total = 0; incall = 0
}
# "(id) name" defines id, "(id)" reuses it; callgrind adds 'N for recursion.
function resolve(v,    id, name) {
	if (v ~ /^\([0-9]+\)/) {
		id = v; sub(/\).*/, "", id); sub(/^\(/, "", id)
		name = v; sub(/^\([0-9]+\) ?/, "", name)
		if (name != "") N[id] = name
		v = N[id]
	}
	sub(/'[0-9]+$/, "", v)
	return v
}
/^fn=/  { cur = resolve(substr($0, 4)); next }
/^cfn=/ { callee = resolve(substr($0, 5)); next }
/^calls=/ { incall = 1; next }
/^[0-9+*-]/ {
	ir = (NF >= 2) ? $2 + 0 : 0
	if (incall) {
		incall = 0
		if ((cur in M) && !(callee in M) && !(callee in H)) {
			total += ir; by[cur " -> " callee] += ir
		}
	} else if (cur in M) {
		total += ir; by[cur] += ir
	}
	next
}
END {
	if (detail)
		for (f in by) printf "  %-40s %6d\n", f, by[f] > "/dev/stderr"
	print total
}
