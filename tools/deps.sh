#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the named Debian packages that are not installed yet.
# Every make target that needs a tool calls this first, so a fresh Debian
# machine (as root) needs nothing installed by hand.
#   usage: tools/deps.sh PACKAGE...
missing=""
for pkg in "$@"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)
	[ "$status" = "install ok installed" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
# Parallel make runs this more than once at a time: one apt run after the
# other (apt's own lock timeout does not cover its list lock), and each
# checks again what the one before it installed.
if [ -z "${DEPS_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
	DEPS_LOCKED=1 exec flock /tmp/l4-deps.lock "$0" "$@"
fi
echo "deps.sh: installing$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run (parallel builds) rather than fail on its lock.
LOCK="-o DPkg::Lock::Timeout=300"
$SUDO apt-get $LOCK update -qq >&2 || exit 1
# shellcheck disable=SC2086
$SUDO apt-get $LOCK install -y -qq --no-install-recommends $missing >&2
