#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# template.t: a program built from template/ outside the tree, as a user
# would: the folder copied to a scratch place and built with one make,
# once against the tree (L4=the tree; it runs make sdk there) and once
# against an installed libl4 (make install PREFIX=...); each result boots
# with its arguments from the boot configuration, prints through the
# console driver, finds itself by name and ends the system in success.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
use File::Temp qw(tempdir);
my $root = $BootTest::ROOT;
my $tmp = tempdir('l4-template-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my @checks;
sub run_ok {
	my ($what, $cmd) = @_;
	my $out = `$cmd 2>&1`;
	my $ok = $? == 0;
	print STDERR map { "# $_\n" } split /\n/, $out unless $ok;
	push @checks, [$ok, $what];
	return $ok;
}
run_ok('the template copied outside the tree', "cp -r '$root/template' '$tmp/intree' && cp -r '$root/template' '$tmp/installed'");
run_ok('make install PREFIX=... installs libl4 and the boot modules',
       "make -s -C '$root' install PREFIX='$tmp/prefix'");
run_ok('built against the tree with one make', "make -s -C '$tmp/intree' L4='$root' PROG=tmpl-tree");
run_ok('built against the installed libl4 with one make',
       "make -s -C '$tmp/installed' L4='$tmp/prefix' PROG=tmpl-inst BASE=0x09000000");
for my $p (['intree', 'tmpl-tree', 'build/sdk/boot'], ['installed', 'tmpl-inst', "$tmp/prefix/boot"]) {
	my ($dir, $prog, $boot) = @$p;
	push @checks, evaluate(
		name => "template_$dir", args => 'root=wait', kernel => "$boot/kernel.elf",
		expect => 'pass', tap => 0, timeout => 60,
		modules => ["$boot/sigma0", "$boot/root", "$boot/serial wait=no",
		            "$tmp/$dir/$prog -- hello from $dir"],
		require => [qr/^template: \w+ with arguments "hello from $dir": its name registered and found$/m,
		            qr/^root: $prog \(\w+\) exited$/m,
		            qr/^root: every program has ended, 0 failed$/m]);
}
exit tap_print(@checks);
