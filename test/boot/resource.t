#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# resource.t: the resource suite (servers/resource) booted in place of the
# root task: secure bindings of frames, visible revocation, the abort
# protocol, the guaranteed minimum, the library OS, a randomised run
# checked against a model.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
boot_test(modules => ['build/sigma0/sigma0', 'build/servers/resource/resource'],
          expect => 'pass', timeout => 120,
          require => [# the server lists its bindings on the console
                      qr/^resource server: 128 frames \w+-\w+, 128 free/m,
                      qr/^resource server:\s+frame \w+ bound to client \d/m]);
