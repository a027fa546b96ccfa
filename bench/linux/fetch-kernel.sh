#!/bin/sh
# SPDX-License-Identifier: MIT
# Fetch Debian's stock kernel (the package linux-image-amd64 depends on) and
# leave its compressed image as DIR/vmlinuz and the package name in
# DIR/kernel-package. The .deb is kept in DIR, so a second run downloads
# nothing; remove DIR to pick up a newer kernel.
#   usage: bench/linux/fetch-kernel.sh DIR
set -eu
dir=$1
mkdir -p "$dir"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

# The versioned package behind the meta-package, e.g. linux-image-6.1.0-56-amd64.
resolve() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1
}
pkg=$(resolve)
if [ -z "$pkg" ]; then
	# No package lists yet (deps.sh only updates when it installs something).
	$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
	pkg=$(resolve)
fi
[ -n "$pkg" ] || { echo "fetch-kernel: cannot resolve linux-image-amd64" >&2; exit 1; }

cd "$dir"
find_deb() {
	deb=""
	for f in "${pkg}"_*.deb; do
		if [ -e "$f" ]; then deb=$f; fi
	done
	return 0        # under set -e a failed test as the last command would end the script
}
find_deb
if [ -z "$deb" ]; then
	echo "fetch-kernel: downloading $pkg" >&2
	apt-get download "$pkg" >&2
	find_deb
fi

# Only the image is needed, not the hundreds of MiB of modules: extract the
# package's file tree as a tar stream and keep ./boot/vmlinuz-*.
rm -rf pkg
mkdir pkg
dpkg-deb --fsys-tarfile "$deb" | tar -x -C pkg --wildcards './boot/vmlinuz-*'
cp pkg/boot/vmlinuz-* vmlinuz.tmp
mv vmlinuz.tmp vmlinuz
echo "$pkg" > kernel-package
rm -rf pkg
