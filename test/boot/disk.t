#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# disk.t: the ATA driver (servers/driver/ata.c, IRQ 14) on a fresh 1 MiB
# raw image as QEMU's primary IDE disk, booted twice (test/lib/DiskTest.pm):
# the second boot must find what the first wrote, and the image on the
# host must hold it too.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest; use DiskTest;
my $img = "$BootTest::ROOT/build/test/logs/disk.img";
disk_test(image => $img, sectors => 2048, name => 'disk', check_image => 1,
          boot => { modules => ['build/sigma0/sigma0', 'build/servers/root/root',
                                'build/servers/driver/ata wait=no', 'build/test/suite/suite privileged=yes ready=600000'],
                    qemu_extra => "-drive file=$img,format=raw,if=ide,index=0",
                    timeout => 90 });
