#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# x2.t: the X.2 conformance suite (test/x2) booted in place of the root
# task, with sigma0: every check names the manual section it checks.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/test/x2/x2'],
          expect => 'pass', timeout => 120,
          require => [qr/^# x2: \d+ checks, \d+ skipped, 0 failed$/m]);
