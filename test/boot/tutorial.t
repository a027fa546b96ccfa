#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# tutorial.t: the program of docs/writing-a-pager.md (its C blocks, cut out
# and built as a root task) runs, and prints what the page says it prints.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/docs/tutorial'],
          expect => 'pass', tap => 0, timeout => 30,
          require => [qr/^tutorial: client done \(ok\): 0 words not zero at first, 0 wrong after writing, 8 pages zero-filled, \d+ faults$/m],
          forbid => [qr/^pager tutorial: /m]);
