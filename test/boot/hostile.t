#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# hostile.t: the hostile-task suite (test/hostile) booted in place of the
# root task: unprivileged tasks attack the kernel, one test per class of
# defect (test/REGRESSIONS.md); nothing may panic or hang, the victim stays
# intact and kernel memory comes back.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/test/hostile/hostile'],
          expect => 'pass', timeout => 120,
          require => [# kdb_print_bounded: 128 bytes of the long string, no more
                      qr/^<x{62}\nx{63}\n\n/m,
                      # kdb_privileged_refused: said on the console
                      qr/^kdb: operation 16 refused to unprivileged thread/m,
                      # kdb_enter_refused
                      qr/^kdb: enter by thread \w+: ".*" \(refused to an unprivileged thread; continuing\)$/m],
          forbid => [qr/^--- kdb:/m]);
