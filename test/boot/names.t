#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# names.t: the name service (l4/loader.h, servers/root/names.c), from a
# program: register, look up, unknown names, duplicates, another space's
# thread, malformed and unknown requests (error replies, never silence),
# a server found by name in another space, and the name of a server that
# ended gone with it. The server has a pager thread of its own.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
my $p = 'build/test/loader';
boot_test(args => 'root=wait', expect => 'pass', timeout => 60,
          modules => ['build/sigma0/sigma0', 'build/servers/root/root',
                      "$p/server pager=own -- server echo", "$p/names -- names echo"],
          require => [qr/^server: \w+ registered "echo": error 0, pager \w+$/m,
                      qr/^server: asked to end$/m,
                      qr/^root: names \(\w+\) exited$/m,
                      qr/^root: every program has ended, 0 failed$/m],
          forbid => [qr/^root: .* died/m]);
