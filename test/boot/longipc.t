#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# longipc.t: the long-IPC suite (test/longipc) booted in place of the root
# task: string items of every form into receive buffers, byte by byte; the
# overflow rules; page faults in mid-copy on either side; transfer
# timeouts; partners aborted or deleted mid-copy; hostile addresses.
# Kernel memory is checked after every test.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/test/longipc/longipc'],
          expect => 'pass', timeout => 180,
          require => [qr/^# longipc: 0 failed/m,
                      # ctrlxfer_hostile: the receiver sent into the kernel
                      qr/stopped: instruction pointer outside user space at 0xe0100000/m]);
