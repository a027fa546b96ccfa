#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# kernel_tests.t: every in-kernel test (test=all) passes, nothing leaks.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(args => 'test=all', expect => 'pass', timeout => 30);
