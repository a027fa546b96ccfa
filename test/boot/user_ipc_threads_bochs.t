#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# user_ipc_threads_bochs.t: the root task's suite from the GRUB image
# build/l4-suite.iso in Bochs, which checks segment limits where QEMU does not
# (the 4-byte read-only UTCB segment) and models sysenter and the trap
# flag on its own. The small-space isolation tests assert only where the
# CPU checks limits: here they must have.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(emulator => 'bochs', iso => 'build/l4-suite.iso', expect => 'pass', timeout => 240,
          require => [qr/stopped: page fault, and no pager to resolve it at 0x32001000/, # faultpath_pager_gone
                      qr/^ipc: fast path \d*[1-9]\d* calls/m,
                      qr/^ok \d+ - entry_flags/m,
                      qr/^# segment limits checked by this CPU: yes/m,
                      qr/^ok \d+ - small_isolation_neighbour/m,
                      qr/^ok \d+ - small_isolation_large/m,
                      qr/^ok \d+ - small_beyond_limit/m,
                      qr/^ok \d+ - small_ip_beyond/m]);
