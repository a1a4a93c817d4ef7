#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Xen 4.20's .orig tarball from Debian trixie, cached in .cache/src.
# Prints the tarball's path. (The .dsc may 404; the tarball suffices.)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/.cache/src"
cd "$top/.cache/src"
tarball=$(ls xen_4.20*.orig.tar.xz 2>/dev/null | head -n1 || true)
if [ -z "$tarball" ]; then
	"$top/scripts/trixie-apt.sh" source --download-only xen >&2 || true
	tarball=$(ls xen_4.20*.orig.tar.xz 2>/dev/null | head -n1 || true)
fi
[ -n "$tarball" ] || { echo "no Xen 4.20 source tarball" >&2; exit 1; }
echo "$top/.cache/src/$tarball"
