#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# disk.t: the ATA driver (servers/driver/ata.c, IRQ 14) on a fresh 1 MiB
# raw image as QEMU's primary IDE disk, booted twice: the first boot finds
# generation 0 (zeroes) and writes generation 1; the second, a new QEMU on
# the same image, must find generation 1 and its sectors intact.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
my $img = "$BootTest::ROOT/build/test/logs/disk.img";
open my $f, '>', $img or die "$img: $!";
truncate $f, 1 << 20;
close $f;
my @modules = ('build/sigma0/sigma0', 'build/servers/root/root', 'build/servers/driver/ata');
my $drive = "-drive file=$img,format=raw,if=ide,index=0";
my @checks;
for my $boot (1, 2) {
	push @checks, map { [$_->[0], "boot $boot: $_->[1]"] } evaluate(
		name => "disk-$boot", modules => \@modules, qemu_extra => $drive,
		expect => 'pass', timeout => 90,
		require => [qr/^ata: \w+ drives the primary master \(IRQ 14\): 2048 sectors$/m,
		            qr/^# disk: generation ${\($boot - 1)} found$/m,
		            qr/^# disk: generation $boot written$/m,
		            qr/^ok \d+ - disk_persist/m,
		            qr/^# disk paging: 44 slots on the disk match/m,
		            qr/^ok \d+ - disk_paging:/m, qr/^ok \d+ - disk_paging_io_error:/m],
		forbid => [qr/SKIP no ATA driver/, qr/no usable disk/]);
}
# The image itself: sector 1 names generation 2, after the magic 'L4DS'.
open my $d, '<:raw', $img or die;
seek $d, 512, 0;
read $d, my $sector, 8;
my ($magic, $gen) = unpack 'V V', $sector // '';
push @checks, [($magic // 0) == 0x4C344453 && ($gen // 0) == 2 ? 1 : 0,
               'the image on the host holds generation 2 in sector 1'];
print '1..' . @checks . "\n";
my ($n, $failed) = (0, 0);
for (@checks) {
	my ($ok, $d) = @$_;
	$d =~ s/#/\\#/g;
	print +($ok ? 'ok' : 'not ok') . ' ' . ++$n . " - $d\n";
	$failed++ unless $ok;
}
exit($failed > 254 ? 254 : $failed);
