#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# kdb_off.t: the kernel built without its debugger (make KDB=0) boots
# what make run boots and ends with the ping-pong table; L4_KDB_Enter
# would print and go on (docs/x2-deviations.md); the debugger's own
# code is not in the image.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
my @nm = `nm build/nokdb/kernel.elf`;
my @checks = evaluate(kernel => 'build/nokdb/kernel.elf',
                      modules => ['build/sigma0/sigma0', 'build/servers/root/root',
                                  'build/servers/driver/serial', 'build/servers/hello/hello'],
                      args => 'root=pingpong kdb=panic', expect => 'pass', tap => 0, timeout => 60,
                      require => [qr/^ping-pong: done/m],
                      forbid => [qr/^kdb: unknown option/m]);
push @checks, [@nm > 100 ? 1 : 0, 'the KDB=0 kernel has a symbol table'];
push @checks, [(grep { /\b(kdb_debugger|kdb_cmd_threads|sysenter_trace_entry)$/ } @nm) ? 0 : 1,
               'the debugger is not in it'];
exit tap_print(@checks);
