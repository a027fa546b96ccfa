#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# too_little_memory.t: with 6 MiB of RAM the kernel refuses to start, saying
# why, instead of failing later.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(args => 'test=all', qemu_extra => '-m 6', expect => 'fail', timeout => 30,
          require => [qr/^boot: error: too little usable memory/m],
          forbid => [qr/^1\.\./m]);
