#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# server_tutorial.t: the program of docs/writing-a-server.md (its C blocks,
# cut out and built as build/docs/upcase) runs as the page says: booted
# with the console driver as server and as client, by the module lines the
# page shows, the client prints exactly the line the page says it prints,
# and the system ends in success.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
open my $fh, '<', "$FindBin::Bin/../../docs/writing-a-server.md" or die "server_tutorial.t: $!\n";
my @page = <$fh>;
my ($said) = grep { /^client: / } @page;
my ($run) = grep { /^make run PROGRAMS=/ } @page;
die "server_tutorial.t: the page shows no output line or no make run line\n" unless $said && $run;
chomp $said;
my ($programs) = $run =~ /PROGRAMS='([^']*)'/ or die "server_tutorial.t: PROGRAMS='...' expected\n";
my @programs = split /,\s*/, $programs;
boot_test(args => 'root=wait', expect => 'pass', tap => 0, timeout => 60,
          modules => ['build/sigma0/sigma0', 'build/servers/root/root',
                      'build/servers/driver/serial wait=no', @programs],
          require => [qr/^\Q$said\E$/m, qr/^root: every program has ended, 0 failed$/m],
          forbid => [qr/^upcase: /m, qr/died/]);
