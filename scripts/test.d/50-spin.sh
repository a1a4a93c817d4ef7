#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Model-check the pending protocol (verify/pending.pml) with spin: no errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/spin
cp verify/pending.pml build/spin/
cd build/spin
rm -f pending.pml.trail
spin -a pending.pml >/dev/null
gcc -O2 -DSAFETY -o pan pan.c
./pan -m100000 | tee pan.out | grep -E 'errors:|states, stored'
grep -q 'errors: 0' pan.out
