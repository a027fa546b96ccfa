#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# kdb_exit.t: kdb's exit and halt. Two boots of the in-kernel test that
# idles for ever (test=hang): the break key enters kdb from the kernel
# (no thread yet); "exit 0" ends the machine with success, "halt"
# with failure. (kdb.t covers the views and continue.)
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib";
use BootTest; use KdbSession;

my @checks;
sub check($$) { push @checks, [$_[0] ? 1 : 0, $_[1]] }

for my $case (['exit 0', 1, qr/^exit: success$/m], ['halt', 3, qr/^kdb: halted\nexit: failure$/m]) {
	my ($cmd, $want, $last) = @$case;
	my $k = KdbSession->new(args => 'test=hang', timeout => 60, name => "kdb_exit-" . ($want == 1 ? 'exit' : 'halt'));
	my $ready = $k->expect(qr/^1\.\.\d+\n/m);
	check(defined $ready, "$cmd: the kernel test started");
	$k->key("\e");
	my $entry = $k->expect(qr/kdb> \z/) // '';
	check($entry =~ /^--- kdb: break key, no thread yet, kernel ip [0-9a-f]{8} <\w+\+0x[0-9a-f]+> ---$/m,
	      "$cmd: the break key enters kdb in the kernel");
	my $where = $k->cmd('where') // '';
	check($where =~ /^backtrace:$/m && $where =~ /\bktest_run\+0x/m, "$cmd: where: the kernel was running its test");
	$k->key("$cmd\r");
	my ($status, $all) = $k->finish;
	check(defined $status && $status == $want, "$cmd: QEMU exit status $want"
	      . (defined $status ? " (got $status)" : ' (killed)'));
	check($all =~ $last, "$cmd: the kernel's last words");
	check($all !~ /PANIC/, "$cmd: no panic");
}
exit tap_print(@checks);
