#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# console_burst.t: 64 numbered lines sent back to back all arrive intact.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
my $line = '0123456789abcdefghijklmnopqrstuvwxyz';
boot_test(args => 'test=console_burst', expect => 'pass', timeout => 30,
          require => [map { my $n = sprintf '%02d', $_; qr/^# serial-burst $n $line $n$/m } 0 .. 63]);
