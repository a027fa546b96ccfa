#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# host_tests.t: every host unit test binary can be executed on this host
# (directly, or under qemu-i386 where its Linux has no 32-bit support:
# tools/host-runner.sh), runs its whole plan, and writes nothing into the
# folder it runs from; a test binary that cannot be executed at all is a
# failure that says so, not a quiet "no plan".
use strict; use warnings;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Copy qw(copy);
use File::Temp qw(tempdir);
use Test::More;

my $root = abs_path(dirname(__FILE__) . '/../..');
my $dir = "$root/build/test/host";
my @elfs = sort glob("$dir/*.elf");
@elfs = grep { !/probe32\.elf$/ } @elfs;
ok(@elfs >= 9, sprintf('the host tests are built (%d found)', scalar @elfs))
	or BAIL_OUT("run make check-host or make check first");
ok(-f "$dir/runner", 'the runner for this host was chosen (build/test/host/runner)');
open my $rf, '<', "$dir/runner" or die "$dir/runner: $!";
my $runner = <$rf> // ''; chomp $runner;
note("host tests run " . ($runner eq '' ? 'directly' : "under $runner"));

sub entries { opendir my $d, $_[0] or die "$_[0]: $!"; grep { !/^\.\.?$/ } readdir $d }

# Runs a wrapper from an empty folder; returns its output, status, and what
# it left in that folder.
sub run_in_scratch {
	my ($wrapper) = @_;
	my $scratch = tempdir(CLEANUP => 1);
	my $pid = open(my $out, '-|') // die "fork: $!";
	if (!$pid) {
		chdir $scratch or die;
		open STDERR, '>&', \*STDOUT;
		exec $wrapper or die "exec $wrapper: $!";
	}
	local $/; my $text = <$out> // '';
	close $out;
	return ($text, $? >> 8, [entries($scratch)]);
}

for my $elf (@elfs) {
	(my $name = $elf) =~ s/\.elf$//;
	(my $short = $name) =~ s/.*\///;
	my ($text, $rc, $left) = run_in_scratch($name);
	ok($rc == 0 && $text =~ /^1\.\.(\d+)$/m && $1 > 0 && $text !~ /^not ok/m && $text !~ /Bail out!/,
	   "$short executes and passes its plan") or diag($text);
	is_deeply($left, [], "$short writes nothing where it runs");
}

# A host test whose binary cannot be executed (here: not an ELF file at
# all) must fail loudly; should a shell take it for a script, what that
# writes stays in the wrapper's own scratch folder.
my $bad = tempdir(CLEANUP => 1);
copy("$dir/format", "$bad/broken") or die "copy: $!";
chmod 0755, "$bad/broken";
open my $b, '>', "$bad/broken.elf" or die; print $b "not a program > oops\n"; close $b;
chmod 0755, "$bad/broken.elf";
my ($text, $rc, $left) = run_in_scratch("$bad/broken");
ok($rc != 0, "a binary that cannot be executed fails (status $rc)");
like($text, qr/^Bail out! .*broken\.elf/m, '... with a Bail out! that names it') or diag($text);
is_deeply($left, [], '... and nothing is written where it ran');
is_deeply([sort(entries($bad))], ['broken', 'broken.elf'], '... nor beside it');

done_testing();
