#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# longipc_nofastpath.t: the long-IPC suite on a kernel built with
# FASTPATH=0: the agents' short messages (ready, go, reports) and the
# fault RPCs then all take the general path beside the long transfers.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(kernel => 'build/nofp/kernel.elf',
          modules => ['build/sigma0/sigma0', 'build/test/longipc/longipc'],
          expect => 'pass', timeout => 180,
          require => [qr/^# longipc: 0 failed/m, qr/^ipc: fast path 0 calls/m]);
