#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# tutorial.t: the program of docs/writing-a-pager.md (its C blocks, cut out
# and built as a root task) runs, and prints exactly the line the page says
# it prints.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
open my $fh, '<', "$FindBin::Bin/../../docs/writing-a-pager.md" or die "tutorial.t: $!\n";
my ($said) = grep { /^tutorial: client done/ } <$fh>;
die "tutorial.t: the page shows no output line\n" unless $said;
chomp $said;
boot_test(modules => ['build/sigma0/sigma0', 'build/docs/tutorial'],
          expect => 'pass', tap => 0, timeout => 30,
          require => [qr/^\Q$said\E$/m],
          forbid => [qr/^pager tutorial: /m]);
