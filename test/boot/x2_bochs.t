#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# x2_bochs.t: the X.2 conformance suite from the GRUB image build/l4-x2.iso
# in Bochs, a CPU model of its own (segment limits checked, sysenter,
# exceptions as a CPU raises them).
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(emulator => 'bochs', iso => 'build/l4-x2.iso', expect => 'pass', timeout => 300,
          require => [qr/^# x2: \d+ checks, \d+ skipped, 0 failed$/m]);
