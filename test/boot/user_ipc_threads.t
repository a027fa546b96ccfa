#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# user_ipc_threads.t: the root task's thread and IPC suite, through the real
# system-call interface, with the IPC fast path on; sigma0 reports the
# message that crossed into its address space.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/servers/root/root'],
          expect => 'pass', timeout => 60,
          require => [qr/^sigma0: unserved message label 1234 u 3 from 88001: 11 22 33/m,
                      qr/^ipc: fast path \d*[1-9]\d* calls/m,
                      # kernel_ip_refused: caught before the return, not by a fault after it
                      qr/stopped: instruction pointer outside user space at 0xe0100000/,
                      qr/stopped: stack pointer outside user space at 0xfffff000/,
                      # entry_bad_stack: the user stack read through the fixup table
                      qr/stopped: system call with an invalid stack at 0x40000000/,
                      qr/stopped: instruction pointer outside user space at 0xc0000000/],
          forbid => [qr/page fault \(no pager protocol yet\) at 0xe0100000/]);
