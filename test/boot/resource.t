#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# resource.t: the resource suite (servers/resource) booted in place of the
# root task: secure bindings of frames, I/O port ranges and interrupt
# lines, visible revocation, the abort protocol, the guaranteed minimum,
# the library OS, a randomised run checked against a model. QEMU gets a
# second serial port (COM2, to nothing) whose ports and IRQ 3 the server
# hands out.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/servers/resource/resource'],
          qemu_extra => '-serial null',
          expect => 'pass', timeout => 120,
          require => [# the server lists its bindings on the console
                      qr/^resource server: 128 frames \w+-\w+, 128 free; 5 port ranges and lines, 5 free/m,
                      qr/^resource server:\s+frame \w+ bound to client \d/m,
                      qr/^resource server:\s+ports 2f8-2ff bound to client \d/m,
                      qr/^resource server:\s+interrupt line 3 bound to client \d \(thread \w+\)/m]);
