#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# root_loads_modules.t: the root task starts every boot module after sigma0
# and itself as an ELF program in its own space, paged from the file: two
# copies of hello run side by side, and a module that is not an ELF image
# is reported and skipped, and so is one linked over the KIP and UTCB
# areas, while the rest goes on (the test suite included).
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/servers/root/root',
                      'build/servers/hello/hello', "$FindBin::Bin/../data/not-an-elf.txt",
                      'build/servers/hello/hello', 'build/servers/hello/hello-high',
                      'build/test/suite/suite privileged=yes ready=600000'],
          expect => 'pass', timeout => 60,
          require => [qr/^root: started module 2 \(\S*hello\) as (\w+)/m,
                      qr/^root: module 3 \(\S*not-an-elf.txt\): .*; skipped/m,
                      qr/^root: started module 4 \(\S*hello\)/m,
                      qr/^root: module 5 \(\S*hello-high\): a segment lies outside 4 KiB .. 0xBF000000; skipped/m,
                      qr/^root: 3 programs started, 3 done/m,
                      # both copies report, each as its own thread
                      qr/^hello: (\w+) in its own address space, pager \w+: data and bss as the ELF file says(?s:.*)^hello: (?!\1 )\w+ in its own address space, pager \w+: data and bss as the ELF file says/m],
          forbid => [qr/WRONG/]);
