#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# cxx.t: a root task written in C++ (test/cxx) booted in place of
# servers/root: libl4's headers compile as C++ and its C functions link;
# the program uses the manual's C++ binding on the kernel (overloaded
# Send/Call/Receive/Wait/ReplyWait with timeouts, Msg operations, == on
# thread ids, Start(t, sp, ip), Stop, time and clock arithmetic as
# timeouts, a compound string item built with the string-item operators
# and sent) and malloc/free on its demand-paged heap.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/test/cxx/cxx'],
          expect => 'pass', timeout => 30,
          require => [qr/^ok 3 - Call\(t, snd, rcv\) and ReplyWait/m,
                      qr/^ok 4 - Start\(t, sp, ip\) starts a new thread/m,
                      qr/^ok 6 - Receive\(t, ZeroTime \+ 10000\): times out/m,
                      qr/^ok 7 - Receive\(t, TimePoint/m,
                      qr/^ok 9 - malloc\/free: /m,
                      qr/^ok 10 - StringItem \+=.*a string item arrives/m],
          forbid => [qr/assertion failed|^abort: /m]);
