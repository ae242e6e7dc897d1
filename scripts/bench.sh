#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot the test kernel and time SEV-ES launches in default and
# canonical mode (tests/selftests/sev_bench.c), plus the /dev/sev command
# latency.  Benchmarks are never part of make check; compare the ratios
# one run prints, not absolute numbers (TCG has no AES-NI/SHA-NI).
set -u
. "$(dirname "$0")/lib.sh"

"$SEVL_ROOT/scripts/deps.sh" || sevl_die "installing dependencies failed"
"$SEVL_ROOT/scripts/kunit.sh" --build-only || sevl_die "test kernel build failed"
sevl_log "booting the test kernel and running the benchmark"
blog=$SEVL_CACHE/bench-build.log
"$SEVL_ROOT/scripts/guest.sh" --run sev-bench 2>"$blog"
rc=$?
[ $rc -eq 0 ] || { tail -n 20 "$blog" >&2; sevl_log "bench failed (see $blog)"; }
exit $rc
