#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# longipc_bochs.t: the long-IPC suite in Bochs (build/l4-longipc.iso),
# where small spaces' segment limits are checked as a CPU does.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(emulator => 'bochs', iso => 'build/l4-longipc.iso', expect => 'pass', timeout => 400,
          require => [qr/^# longipc: 0 failed/m]);
