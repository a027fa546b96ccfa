#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# make_run.t: what `make run` boots (every boot module, root=pingpong) starts
# the programs (the console driver among them: the table is printed
# through it, on COM2) and ends with the ping-pong table instead of the test suite:
# every row present, both columns measured, two CR3 loads per inter-space
# round trip.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/servers/root/root', 'build/servers/driver/serial',
                      'build/servers/hello/hello'],
          args => 'root=pingpong', expect => 'pass', tap => 0, timeout => 60,
          require => [qr/^hello: \w+ in its own address space.*; console the serial driver$/m,
                      qr/^serial: \w+ drives COM2 \(IRQ 3\)$/m,
                      qr/^root: 2 programs started, 2 done$/m,
                      qr/^root: printing through the serial driver \w+ from here on$/m,
                      qr/^  words \| intra-space \| inter-space \| CR3 loads \(inter\)$/m,
                      (map { qr/^\s+$_ \|\s+[1-9]\d*\.\d \|\s+[1-9]\d*\.\d \|\s+2\.00$/m } 0, 1, 2, 4, 8, 12, 16, 24, 32, 48, 63),
                      qr/^ping-pong: done/m],
          forbid => [qr/^(not )?ok \d+ - /m]);
