#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: from a fresh machine, install what is missing, build the test
# kernel (incrementally), boot it in QEMU and run tests/selftests/sev_demo.c
# there: an attested SEV-ES launch through /dev/kvm and the software SEV
# firmware, done twice in different call orders, with the guest owner's
# side played by tools/sevctl; then the same for an SEV-SNP guest (two
# launch orders, one digest, an attestation report the owner verifies),
# tests/selftests/sev_demo_snp.c.
set -u
. "$(dirname "$0")/lib.sh"

"$SEVL_ROOT/scripts/deps.sh" || sevl_die "installing dependencies failed"
"$SEVL_ROOT/scripts/kunit.sh" --build-only || sevl_die "test kernel build failed"
sevl_log "booting the test kernel and running the demo (a few minutes under TCG)"
# The build noise (static-link warnings) goes to a log; the demo to stdout.
blog=$SEVL_CACHE/demo-build.log
"$SEVL_ROOT/scripts/guest.sh" --run sev-demo 2>"$blog"
rc=$?
if [ $rc -ne 0 ]; then
	tail -n 20 "$blog" >&2
	sevl_log "demo failed (see $blog and $SEVL_CACHE/guest/console.log.txt)"
fi
exit $rc
