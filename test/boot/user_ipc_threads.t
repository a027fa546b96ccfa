#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# user_ipc_threads.t: the root task's suite (threads, IPC, address spaces),
# through the real system-call interface, with the IPC fast path on; sigma0
# reports the message that crossed into its address space, the kernel the
# threads it stopped for want of a pager.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/servers/root/root', 'build/test/suite/suite privileged=yes ready=600000'],
          expect => 'pass', timeout => 60,
          require => [qr/stopped: page fault, and no pager to resolve it at 0x32001000/, # faultpath_pager_gone
                      qr/^sigma0: unserved message label 1234 u 3 from \w+: 11 22 33/m,
                      qr/^ipc: fast path \d*[1-9]\d* calls/m,
                      # kernel_ip_refused: caught before the return, not by a fault after it
                      qr/stopped: instruction pointer outside user space at 0xe0100000/,
                      qr/stopped: stack pointer outside user space at 0xfffff000/,
                      # dead_pager: both threads stopped, at the address they touched
                      qr/stopped: page fault, and no pager to resolve it at 0x30000000(?s:.*)stopped: page fault, and no pager to resolve it at 0x30000000/,
                      qr/^sigma0: \d+ KiB conventional memory to hand out/m,
                      qr/^ok \d+ - map_unmap_cycles/m,
                      # entry_bad_stack: a stack or return address beyond user space
                      qr/stopped: stack pointer outside user space at 0xc0000004/,
                      qr/stopped: instruction pointer outside user space at 0xc0000000/]);
