#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# hostile_bochs.t: the hostile-task suite in Bochs (build/l4-hostile.iso),
# which checks segment limits and loads selectors as a CPU does where QEMU
# is lenient: the segment-register cases must hold here too.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(emulator => 'bochs', iso => 'build/l4-hostile.iso', expect => 'pass', timeout => 300,
          require => [qr/^# gp_reloads_segments: reloaded after #GP/m]);
