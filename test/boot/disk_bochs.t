#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# disk_bochs.t: the ATA driver in Bochs (build/l4-disk.iso, with the driver
# as a module) on a fresh raw image of 2 x 16 x 63 sectors as the primary
# master (tools/bochs.sh, BOCHS_DISK), booted twice: the second boot must
# find what the first wrote.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
my $img = "$BootTest::ROOT/build/test/logs/disk-bochs.img";
open my $f, '>', $img or die "$img: $!";
truncate $f, 2 * 16 * 63 * 512;
close $f;
$ENV{BOCHS_DISK} = $img;
my @checks;
for my $boot (1, 2) {
	push @checks, map { [$_->[0], "boot $boot: $_->[1]"] } evaluate(
		name => "disk-bochs-$boot", emulator => 'bochs', iso => 'build/l4-disk.iso',
		expect => 'pass', timeout => 240,
		require => [qr/^ata: \w+ drives the primary master \(IRQ 14\): 2016 sectors$/m,
		            qr/^# disk: generation ${\($boot - 1)} found$/m,
		            qr/^# disk: generation $boot written$/m,
		            qr/^ok \d+ - disk_persist/m,
		            qr/^# disk paging: 44 slots on the disk match/m,
		            qr/^ok \d+ - disk_paging:/m, qr/^ok \d+ - disk_paging_io_error:/m],
		forbid => [qr/SKIP no ATA driver/, qr/no usable disk/]);
}
print '1..' . @checks . "\n";
my ($n, $failed) = (0, 0);
for (@checks) {
	my ($ok, $d) = @$_;
	$d =~ s/#/\\#/g;
	print +($ok ? 'ok' : 'not ok') . ' ' . ++$n . " - $d\n";
	$failed++ unless $ok;
}
exit($failed > 254 ? 254 : $failed);
