#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# make_run_bochs.t: `make run-bochs` boots build/l4.iso (root=pingpong) in
# Bochs: the programs start and the ping-pong table comes out whole.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(emulator => 'bochs', iso => 'build/l4.iso', expect => 'pass', tap => 0, timeout => 240,
          require => [qr/^command line: ".*root=pingpong.*"$/m,
                      qr/^root: 2 programs started, 2 done$/m,
                      (map { qr/^\s+$_ \|\s+[1-9]\d*\.\d \|\s+[1-9]\d*\.\d \|\s+2\.00$/m } 0, 8, 63),
                      qr/^ping-pong: done/m],
          forbid => [qr/^(not )?ok \d+ - /m]);
