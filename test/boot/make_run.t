#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# make_run.t: what `make run` boots (every boot module, root=pingpong) starts
# the programs and ends with the ping-pong table instead of the test suite:
# every row present, both columns measured, two CR3 loads per inter-space
# round trip.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/servers/root/root', 'build/servers/hello/hello'],
          args => 'root=pingpong', expect => 'pass', tap => 0, timeout => 60,
          require => [qr/^hello: \w+ in its own address space/m,
                      qr/^root: 1 program started, 1 done$/m,
                      qr/^  words \| intra-space \| inter-space \| CR3 loads \(inter\)$/m,
                      (map { qr/^\s+$_ \|\s+[1-9]\d*\.\d \|\s+[1-9]\d*\.\d \|\s+2\.00$/m } 0, 1, 2, 4, 8, 12, 16, 24, 32, 48, 63),
                      qr/^ping-pong: done/m],
          forbid => [qr/^(not )?ok \d+ - /m]);
