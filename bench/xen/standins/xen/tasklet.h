/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Benchmark stand-in: everything lives in bench_xen.h. */
#include "../bench_xen.h"
