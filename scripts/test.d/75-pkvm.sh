#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# pKVM adapter (adapters/pkvm): Debian's Linux 7.x (trixie-backports) with the
# adapter applied, a small config built (stock first, then the patched tree on
# top of its objects); kvm_nvhe.o must need nothing from outside the hyp that
# the stock one does not, and Image must link. Debian's 6.12 tree: the EL2
# object only. Then the patched kernel booted with kvm-arm.mode=protected
# (hVHE and nVHE) straight at EL2: pKVM must report its mode initialized.
set -euo pipefail
cd "$(dirname "$0")/../.."
stock=$(scripts/pkvm/build-kernel.sh --stock)
patched=$(scripts/pkvm/build-kernel.sh)
echo "pkvm: $(cat "$stock/.built"): make $(cat "$stock/build-seconds") s, patched on top: $(cat "$patched/build-seconds") s"
scripts/pkvm/check-hyp-link.sh "$patched" "$stock"
scripts/pkvm/check-hyp-link.sh "$(scripts/pkvm/build-kernel.sh --hyp 6.12)" \
	"$(scripts/pkvm/build-kernel.sh --stock --hyp 6.12)"
for mode in hvhe nvhe; do
	scripts/pkvm/boot.sh "$patched" "build/pkvm/boot-$mode" "$mode" | grep 'mode initialized'
done
