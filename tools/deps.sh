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
echo "deps.sh: installing$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run (parallel builds) rather than fail on its lock.
LOCK="-o DPkg::Lock::Timeout=300"
$SUDO apt-get $LOCK update -qq >&2 || exit 1
# shellcheck disable=SC2086
$SUDO apt-get $LOCK install -y -qq --no-install-recommends $missing >&2
