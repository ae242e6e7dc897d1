#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot the test kernel and time SEV-ES launches in default and
# canonical mode (tests/selftests/sev_bench.c): per guest size and mode,
# min/median/max of several repetitions, the firmware's LAUNCH_UPDATE_DATA
# throughput beside the crypto ceiling of the same run, the memory held per
# recorded range, the /dev/sev latency; then the in-kernel microbenchmark
# of the canonical replay's ordering (KUnit suite sev-launch-bench,
# tests/kunit/launch_bench_test.c), and a PNG plot.
# Benchmarks are never part of make check; compare the ratios one run
# prints, not absolute numbers (TCG has no AES-NI/SHA-NI).
#
#   BENCH_SIZES=16:5,256:3,1024:1   guest sizes in MiB, each with its
#                                   repetitions per mode (about 15 minutes
#                                   on an idle 2-core machine; see
#                                   Documentation/performance.rst)
#   BENCH_REPS=N                    the same N repetitions for every size
#                                   (and both canonical modes at 1 GiB)
#
# Output: the table on stdout, kept in $SEVL_CACHE/bench.txt, and the plot
# $SEVL_CACHE/bench.png (needs gnuplot; installed if missing).
set -u
. "$(dirname "$0")/lib.sh"

sizes=${BENCH_SIZES:-16:5,256:3,1024:1}
reps=${BENCH_REPS:-}
out=$SEVL_CACHE/bench.txt
png=$SEVL_CACHE/bench.png

"$SEVL_ROOT/scripts/deps.sh" || sevl_die "installing dependencies failed"
"$SEVL_ROOT/scripts/kunit.sh" --build-only || sevl_die "test kernel build failed"
sevl_log "booting the test kernel and running the benchmark (sizes[:repetitions] $sizes MiB${reps:+, $reps repetitions})"
blog=$SEVL_CACHE/bench-build.log
# 1 GiB launches under TCG take minutes each; a 1 GiB memfd guest and its
# pinned pages need more than the test guest's usual 2 GiB.
SEVL_GUEST_TIMEOUT=${SEVL_GUEST_TIMEOUT:-5400} \
SEVL_GUEST_MEM=${SEVL_GUEST_MEM:-3072} \
	"$SEVL_ROOT/scripts/guest.sh" --run sev-bench --args "$sizes $reps" \
	2>"$blog" | tee "$out"
rc=${PIPESTATUS[0]}
[ $rc -eq 0 ] || { tail -n 20 "$blog" >&2; sevl_log "bench failed (see $blog)"; exit $rc; }

# The replay's ordering for 100k and 1M ranges, in the KUnit kernel (the
# suite skips itself unless booted with the bench parameter).
sevl_log "in-kernel microbenchmark: the canonical replay's ordering"
"$SEVL_ROOT/scripts/kunit.sh" --kernel_args=sev_launch_kunit.bench=1 \
	--raw_output=kunit 'sev-launch-bench' >/dev/null 2>&1
grep -ho 'BENCH .*' "$SEVL_CACHE/kunit.log" | sed 's/^BENCH /replay ordering: /' |
	sort -u | tee -a "$out"

# The plot: launch throughput against guest size per mode, the crypto
# ceiling as a line.
if ! command -v gnuplot >/dev/null 2>&1; then
	SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get install -y -qq gnuplot-nox >/dev/null 2>&1 ||
		{ sevl_log "gnuplot missing and not installable: no plot"; exit 0; }
fi
dat=$SEVL_CACHE/bench
for m in default canon-shuf canon-order; do
	awk -v m="$m" '$1 == "PLOT" && $3 == m { print $2, $4, $5 }' "$out" |
		sort -n >"$dat.$m.dat"
done
ceil=$(awk '$1 == "PLOT" && $2 == "ceiling" { print $3 }' "$out")
[ -s "$dat.default.dat" ] || { sevl_log "no PLOT lines: no plot"; exit 0; }
gnuplot <<EOF || { sevl_log "gnuplot failed: no plot"; exit 0; }
set terminal png size 900,560 noenhanced
set output "$png"
set title "sev-launch: SEV-ES launch throughput (software firmware, TCG guest)"
set xlabel "guest size (MiB)"
set ylabel "MiB/s"
set logscale x 2
set yrange [0:*]
set key below
set grid
plot "$dat.default.dat" using 1:2 with linespoints title "default, whole launch", \
     "$dat.canon-shuf.dat" using 1:2 with linespoints title "canonical shuffled, whole launch", \
     "$dat.canon-order.dat" using 1:2 with linespoints title "canonical in order, whole launch", \
     "$dat.default.dat" using 1:3 with linespoints title "firmware LAUNCH_UPDATE_DATA handler", \
     ${ceil:-0} with lines lw 2 title "crypto ceiling (SHA-256 + memory cipher)"
EOF
sevl_log "plot: $png"
