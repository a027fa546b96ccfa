#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs one 32-bit host test (the ELF file NAME.elf beside this script) with the runner that
# tools/host-runner.sh chose for this host, from an empty scratch folder so
# that nothing a test writes lands in the source tree. The make rules write
# a copy of this script, with RUNNER filled in, beside each test binary, and
# prove runs that copy. A binary that cannot be executed at all is a
# "Bail out!", never a quiet "no plan" (its output is
# held until it ends, to tell which).
RUNNER=@RUNNER@
elf=$(cd "$(dirname "$0")" && pwd)/$(basename "$0").elf
scratch=$(mktemp -d) || exit 1
out=$(mktemp) || exit 1
# shellcheck disable=SC2086
(cd "$scratch" && exec $RUNNER "$elf") > "$out" 2>&1
rc=$?
cat "$out"
if [ $rc -ne 0 ] && ! grep -q '^1\.\.[0-9]' "$out"; then
	if [ -s "$out" ]; then
		echo "Bail out! $elf ended with status $rc before its plan"
	else
		echo "Bail out! cannot execute $elf${RUNNER:+ under $RUNNER} (status $rc, no output)"
	fi
fi
rm -rf "$scratch" "$out"
exit $rc
