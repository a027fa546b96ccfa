#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# cxx.t: a root task written in C++ (test/cxx) booted in place of
# servers/root: libl4's headers compile as C++ and its C functions link;
# threads started by a start message and by L4_Start_SpIp answer Calls
# made with L4_Msg_t.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/test/cxx/cxx'],
          expect => 'pass', timeout => 30,
          require => [qr/^ok 4 - L4_Start_SpIp starts a new thread/m]);
