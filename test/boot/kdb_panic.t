#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# kdb_panic.t: with kdb=panic on the command line, a kernel panic (the
# in-kernel test that panics on purpose) enters the debugger on COM1
# after its dump: the backtrace names the panic, continuing is refused,
# and halt ends the machine as the panic would have ("exit: failure
# (panic)", QEMU status 3).
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib";
use BootTest; use KdbSession;

my @checks;
sub check($$) { push @checks, [$_[0] ? 1 : 0, $_[1]] }

my $k = KdbSession->new(args => 'test=panic kdb=panic', timeout => 60);
my $entry = $k->expect(qr/kdb> \z/) // '';
check($entry =~ /^PANIC: ktest: deliberate panic$/m, 'the kernel panicked');
check($entry =~ /^--- kdb: kernel panic, no thread yet ---$/m, 'the panic entered kdb');
my $where = $k->cmd('where') // '';
check($where =~ /^backtrace:$/m && $where =~ /\bpanic\+0x[0-9a-f]+$/m && $where =~ /\btest_panic\+0x[0-9a-f]+$/m,
      'where: a backtrace through panic and the test that called it');
check(($k->cmd('c') // '') =~ /there is no going on/, 'continue is refused after a panic');
check(($k->cmd('counters') // '') =~ /^  kernel frames free\s+\d+ of \d+$/m, 'the state can be inspected');
$k->key("halt\r");
my ($status, $all) = $k->finish;
check(defined $status && $status == 3, 'halt: QEMU exit status 3 (failure)'
      . (defined $status ? " (got $status)" : ' (killed)'));
check($all =~ /^exit: failure \(panic\)$/m, 'the kernel said "exit: failure (panic)"');
check($all =~ /\n\z/, 'the output ends with a whole line');
my $failed = tap_print(@checks);
print STDERR "# serial log: $k->{log}\n" if $failed;
exit $failed;
