#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# x2_nofastpath.t: the X.2 conformance suite on the kernel built with
# FASTPATH=0: every IPC takes the general path.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(kernel => 'build/nofp/kernel.elf',
          modules => ['build/sigma0/sigma0', 'build/test/x2/x2'],
          expect => 'pass', timeout => 120,
          require => [qr/^# x2: \d+ checks, \d+ skipped, 0 failed$/m, qr/^ipc: fast path 0 calls/m]);
