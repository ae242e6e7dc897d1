#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make fuzz: boot a test kernel and run tests/selftests/sev_fuzz in its
# long mode for DURATION seconds (rounds with seeds SEED, SEED+1, ...;
# default seed: the time).  The sanitizer kernel is used (built first if
# needed); SEVL_PROFILE=default fuzzes the normal test kernel instead.
#
#   scripts/fuzz.sh DURATION [SEED] [-- more sev_fuzz options]
#
# IOCTLS=N (also "make fuzz ... IOCTLS=N") ends the run after the round in
# which N ioctls were reached, if that comes before DURATION.
#
# Prints the ioctls issued, the rate, the results per command and every
# failed check; fails on a failed check or any kernel report.
set -u
export SEVL_PROFILE=${SEVL_PROFILE:-sanitize}
. "$(dirname "$0")/lib.sh"

duration=${1:-600}
seed=${2:-}
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = -- ] && shift
case $duration in ''|*[!0-9]*) sevl_die "DURATION must be a number of seconds" ;; esac
args="--duration $duration"
[ -n "$seed" ] && args="$args --seed $seed"
case ${IOCTLS:-} in
'') ;;
*[!0-9]*) sevl_die "IOCTLS must be a number" ;;
*) args="$args --ioctls $IOCTLS" ;;
esac
[ $# -gt 0 ] && args="$args $*"

"$SEVL_ROOT/scripts/kunit.sh" --build-only || exit 1
sevl_log "fuzzing for $duration s on the $SEVL_PROFILE kernel: sev_fuzz $args"
# Boot, the final checks and a kmemleak scan on top of the duration.
SEVL_GUEST_TIMEOUT=$((duration + 900)) \
	"$SEVL_ROOT/scripts/guest.sh" --run sev_fuzz --args "$args"
