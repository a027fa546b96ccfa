# SPDX-License-Identifier: MIT
# DiskTest.pm: the ATA driver's persistence test, the same in QEMU
# (disk.t) and Bochs (disk_bochs.t): a fresh raw image of 'sectors'
# sectors as the primary master, booted twice. The first boot finds
# generation 0 (zeroes) and writes generation 1; the second, a new
# emulator on the same image, must find generation 1 and its sectors
# intact; both run the disk paging tests on it. With check_image, the
# image itself must then hold generation 2 in sector 1.
#   disk_test(image => path, sectors => n, name => 'disk',
#             boot => { evaluate's spec: emulator, modules, timeout, ... },
#             check_image => 1)
# prints the checks as TAP and exits with their status.
package DiskTest;
use strict;
use warnings;
use Exporter 'import';
use BootTest;

our @EXPORT = qw(disk_test);

# Does sector 1 name generation $gen, after the magic 'L4DS'?
sub _image_generation {
	my ($img, $gen) = @_;
	open my $d, '<:raw', $img or die "$img: $!";
	seek $d, 512, 0;
	read $d, my $sector, 8;
	my ($magic, $found) = unpack 'V V', $sector // '';
	return [($magic // 0) == 0x4C344453 && ($found // 0) == $gen ? 1 : 0,
	        "the image on the host holds generation $gen in sector 1"];
}

sub disk_test {
	my (%t) = @_;
	open my $f, '>', $t{image} or die "$t{image}: $!";
	truncate $f, $t{sectors} * 512;
	close $f;
	my @checks;
	for my $boot (1, 2) {
		push @checks, map { [$_->[0], "boot $boot: $_->[1]"] } evaluate(
			%{$t{boot}}, name => "$t{name}-$boot", expect => 'pass',
			require => [qr/^ata: \w+ drives the primary master \(IRQ 14\): $t{sectors} sectors$/m,
			            qr/^# disk: generation ${\($boot - 1)} found$/m,
			            qr/^# disk: generation $boot written$/m,
			            qr/^ok \d+ - disk_persist/m,
			            qr/^# disk paging: 44 slots on the disk match/m,
			            qr/^ok \d+ - disk_paging:/m, qr/^ok \d+ - disk_paging_io_error:/m],
			forbid => [qr/SKIP no ATA driver/, qr/no usable disk/]);
	}
	push @checks, _image_generation($t{image}, 2) if $t{check_image};
	exit(tap_print(@checks));
}

1;
