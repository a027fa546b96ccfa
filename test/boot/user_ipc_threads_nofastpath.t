#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# user_ipc_threads_nofastpath.t: the same suite on a kernel built with
# FASTPATH=0: everything must pass on the general path alone.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(kernel => 'build/nofp/kernel.elf',
          modules => ['build/sigma0/sigma0', 'build/servers/root/root', 'build/test/suite/suite privileged=yes ready=600000'],
          expect => 'pass', timeout => 60,
          require => [qr/stopped: page fault, and no pager to resolve it at 0x32001000/, # faultpath_pager_gone
                      qr/^ipc: fast path 0 calls/m]);
