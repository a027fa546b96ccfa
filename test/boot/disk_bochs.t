#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# disk_bochs.t: the ATA driver in Bochs (build/l4-disk.iso, with the driver
# as a module) on a fresh raw image of 2 x 16 x 63 sectors as the primary
# master (tools/bochs.sh, BOCHS_DISK), booted twice (test/lib/DiskTest.pm):
# the second boot must find what the first wrote.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest; use DiskTest;
my $img = "$BootTest::ROOT/build/test/logs/disk-bochs.img";
# Bochs locks the image while it runs; a run that was killed leaves the
# lock behind, and the next Bochs refuses the image. The image is made
# anew here, so any lock is stale.
unlink "$img.lock";
$ENV{BOCHS_DISK} = $img;
disk_test(image => $img, sectors => 2 * 16 * 63, name => 'disk-bochs',
          boot => { emulator => 'bochs', iso => 'build/l4-disk.iso', timeout => 240 });
