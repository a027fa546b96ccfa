#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# pagers_nofastpath.t: the pager suite (pagers.t) on the kernel built
# without the IPC fast path: every pager protocol works on the general path.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(kernel => 'build/nofp/kernel.elf',
          modules => ['build/sigma0/sigma0', 'build/servers/pager/pagers'],
          expect => 'pass', timeout => 60,
          require => [qr/stopped: page fault, and no pager to resolve it at 0x40005000(?s:.*)stopped: page fault, and no pager to resolve it at 0x40006000/]);
