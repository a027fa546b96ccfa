#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# kernel_fault.t: a divide error in the kernel panics with a readable dump:
# registers and a backtrace with function names from the symbol table.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(args => 'test=kernel_fault', expect => 'panic', timeout => 30,
          require => [qr/unexpected #DE .* in the kernel/, qr/\beip [0-9a-f]{8}\b/,
                      qr/^backtrace:/m, qr/\bdivide\+0x[0-9a-f]+/, qr/\bktest_run\+0x[0-9a-f]+/,
                      qr/^exit: failure \(panic\)$/m]);
