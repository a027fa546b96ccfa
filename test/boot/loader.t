#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# loader.t: the root task as a loader (servers/root/loader.c, config.h),
# with root=wait: it starts the programs its boot configuration names
# (each module's command line: options, then -- and the program's
# arguments), in order, each once the one before is ready or has ended,
# and ends the system when all have ended. Programs that exit (with a
# status), crash (an exception; a fault outside their image), never
# report ready, and use more memory than the loader's old fixed pool are
# each reported by name; malformed lines are reported and skipped. A
# second boot: an unknown root= is refused.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
my $p = 'build/test/loader';
my @checks = evaluate(
	args => 'root=wait', expect => 'fail', tap => 0, timeout => 60,
	modules => ['build/sigma0/sigma0', 'build/servers/root/root',
	            "$p/exiter prio=50 -- exit 7", "$p/crasher -- ud2",
	            "$p/faulter pager=own -- fault", "$p/silent ready=200 -- silent 1000",
	            "$p/bigbss -- bss", "$p/exiter prio=999", "$p/exiter bogus",
	            "$p/exiter pager=mine", "$p/exiter ready=x -- exit 0"],
	require => [qr/^root: started module 2 \(exiter\) as \w+, entry \w+, priority 50, the shared pager$/m,
	            qr/^exiter: arguments "exit 7"$/m,
	            qr/^root: exiter \(\w+\) exited with status 7$/m,
	            qr/^root: crasher \(\w+\) died: exception 6 \(#UD invalid opcode\) at ip \w+$/m,
	            qr/^root: started module 4 \(faulter\) as \w+, entry \w+, priority 100, its own pager$/m,
	            qr/^root: faulter \(\w+\) died: read fault at 30000000 \(ip \w+\) outside its image$/m,
	            qr/^root: silent did not report ready within 200 ms; going on$/m,
	            qr/^root: silent \(\w+\) exited$/m,
	            qr/^bss: 1536 KiB of bss: zero at first, then as written$/m,
	            qr/^root: bigbss \(\w+\) exited$/m,
	            qr/^root: module 7 \(\S+exiter prio=999\): prio= wants a number from 1 to 254; skipped$/m,
	            qr/^root: module 8 \(\S+exiter bogus\): an unknown option .*; skipped$/m,
	            qr/^root: module 9 \(\S+exiter pager=mine\): pager= wants own or shared; skipped$/m,
	            qr/^root: module 10 \(\S+exiter ready=x -- exit 0\): ready= wants milliseconds .*; skipped$/m,
	            qr/^root: 5 programs started, 2 done$/m,
	            qr/^root: every program has ended, 3 failed$/m,
	            qr/^exit: failure$/m],
	forbid => [qr/WRONG/, qr/left unanswered/]);
push @checks, evaluate(
	name => 'loader_bad_root', args => 'root=bogus', expect => 'fail', tap => 0, timeout => 30,
	modules => ['build/sigma0/sigma0', 'build/servers/root/root', "$p/exiter -- exit 0"],
	require => [qr/^root: root=bogus: unknown; root= takes serve, wait or pingpong$/m],
	forbid => [qr/^root: started module/m]);
exit tap_print(@checks);
