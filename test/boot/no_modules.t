#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# no_modules.t: a normal boot (no test=) without sigma0 and a root task
# fails cleanly with one clear sentence, not a panic.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(args => '', modules => [], expect => 'fail', timeout => 30,
          require => [qr/^boot: error: missing modules/m]);
