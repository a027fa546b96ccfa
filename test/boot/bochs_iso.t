#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# bochs_iso.t: the GRUB image build/l4-test.iso (test=all) boots in Bochs and
# passes; the serial burst arrives intact (Bochs drops bytes from a UART
# driver that does not wait for the transmitter).
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
my $line = '0123456789abcdefghijklmnopqrstuvwxyz';
boot_test(emulator => 'bochs', iso => 'build/l4-test.iso', expect => 'pass', timeout => 240,
          require => [qr/^command line: ".*test=all.*"$/m,
                      map { my $n = sprintf '%02d', $_; qr/^# serial-burst $n $line $n$/m } 0 .. 63]);
