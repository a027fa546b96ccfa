#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# process.t: the loader's process requests (l4/loader.h) from a program
# that is not privileged: another copy of a boot program started with
# arguments, waited for (its exit status, also once it has ended), one
# killed by its parent, one that crashes, and the refusals: an unknown
# program, a thread that is no program, a program that is not one's
# child (which goes on).
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
my $p = 'build/test/loader';
boot_test(args => 'root=wait', expect => 'pass', timeout => 60,
          modules => ['build/sigma0/sigma0', 'build/servers/root/root',
                      "$p/exiter -- exit 0", "$p/server wait=no -- server other",
                      "$p/names -- spawn other"],
          forbid => [qr/WRONG/],
          require => [qr/^root: started exiter as (\w+) for names$(?s:.*)^root: exiter \(\1\) exited with status 9$/m,
                      qr/^root: exiter \(\w+\) killed by names$/m,
                      qr/^root: exiter \(\w+\) died: exception 6 /m,
                      qr/^threads: two threads made, called, named, one deleted: 0 wrong$(?s:.*)^threads: two threads made, called, named, one deleted: 0 wrong$/m,
                      qr/^root: every program has ended, 0 failed$/m]);
