#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# report.t: bench/report.pl on sample logs: the JSON has the shape of
# /work/shared/BENCHMARKING.md, the Markdown table is written, Linux figures
# are taken over when present, a repeated run is compared, and incomplete or
# malformed logs are refused. It checks the form of the output, never a
# figure's size (benchmarks are not tests).
use strict;
use warnings;
use FindBin;
use File::Temp qw(tempdir);
use JSON::PP;
use Test::More;

my $root = "$FindBin::Bin/../..";
my $report = "$root/bench/report.pl";
my $sample = "$FindBin::Bin/sample.log";
my $nofp = "$FindBin::Bin/sample-nofp.log";
my $dir = tempdir(CLEANUP => 1);

# Runs report.pl quietly; returns its exit status.
sub run_report {
	my $pid = fork // die "fork: $!";
	if (!$pid) {
		open STDOUT, '>', '/dev/null';
		open STDERR, '>', "$dir/stderr";
		exec $^X, $report, @_;
		exit 127;
	}
	waitpid $pid, 0;
	return $? >> 8;
}

sub slurp { open my $f, '<', $_[0] or return ''; local $/; return scalar <$f> }

sub write_text { open my $f, '>', $_[0] or die "$_[0]: $!"; print $f $_[1]; close $f }

# ---- a complete run, with the fast path off and no Linux figures ----------

is(run_report('--log', $sample, '--nofp', $nofp, '--linux', "$dir/none.json",
              '--commit', 'abc123', '--out', "$dir/a"), 0, 'report.pl accepts the sample');
my $doc = eval { decode_json(slurp("$dir/a.json")) };
ok($doc, 'the JSON parses') or diag $@;
is($doc->{method}, 'qemu-icount', 'method qemu-icount');
is($doc->{unit}, 'instructions', 'unit instructions');
is($doc->{commit}, 'abc123', 'the commit as given');
is_deeply($doc->{linux}, [], 'no linux.json: "linux" is an empty list');
my @r = @{$doc->{results} // []};
is(scalar @r, 12 + 3, 'every BENCH line and the fast-path-off series are results');
my $well_formed = grep {
	defined $_->{name} && defined $_->{per} && $_->{value} =~ /^\d+(\.\d+)?$/ &&
	$_->{cr3_loads} =~ /^\d+(\.\d+)?$/ && $_->{segment_reloads} =~ /^\d+(\.\d+)?$/
} @r;
is($well_formed, scalar @r, 'each result has name, per, and numeric value, cr3_loads, segment_reloads');
my @inter = grep { $_->{name} eq 'ipc_inter_as_rt' } @r;
is_deeply([map { $_->{words} } @inter], [0, 1, 63], 'the IPC series keeps its message sizes');
is($inter[0]{per}, 'round trip', 'per: "round trip"');
my @off = grep { $_->{name} eq 'ipc_fastpath_off_rt' } @r;
is_deeply([map { $_->{words} } @off], [0, 1, 63], 'the FASTPATH=0 run becomes ipc_fastpath_off_rt');
is($off[0]{kernel}, 'FASTPATH=0', 'and is marked as that kernel');
my ($null) = grep { $_->{name} eq 'null_syscall' } @r;
ok($null && !exists $null->{words}, 'non-IPC figures have no words');
is($null && $null->{op}, 'ThreadSwitch(nilthread)', 'extra fields are kept');
my $md = slurp("$dir/a.md");
like($md, qr/^\| untyped words \|.*\n\|---/m, 'the Markdown has the IPC table');
like($md, qr/^\| 63 \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/m, 'a row per message size');
like($md, qr/^\| map_page \| [\d.]+ \| page \|/m, 'and the other figures');
like($md, qr/No Linux figures/, 'the Markdown says the Linux figures are absent');

# ---- Linux figures ------------------------------------------------------------

write_text("$dir/linux.json", encode_json({ linux => [
	{ name => 'pipe_rt', value => 9000, per => 'round trip', kernel => '6.1.0-test' },
	{ name => 'trap', value => 11000, per => 'fault', kernel => '6.1.0-test' } ] }));
my $stdout = `perl bench/report.pl --log $sample --linux $dir/linux.json --out $dir/b 2>&1`;
is($?, 0, 'report.pl with linux.json');
$doc = eval { decode_json(slurp("$dir/b.json")) } // {};
is_deeply([map { $_->{name} } @{$doc->{linux} // []}], ['pipe_rt', 'trap'], 'its entries go under "linux"');
like(slurp("$dir/b.md"), qr/^\| pipe_rt \| 9000 \|/m, 'and into the Markdown');
is_deeply($doc->{side_by_side},
          [{ name => 'ipc_inter_as_rt/0', linux_name => 'pipe_rt', l4 => 735, linux => 9000,
             per => 'round trip' },
           { name => 'trap', linux_name => 'trap', l4 => 4100, linux => 11000, per => 'fault' }],
          'figures measured on both sides are paired (an IPC round trip beside the pipe)');
like(slurp("$dir/b.md"), qr/^\| trap \| 4100 \| trap \| 11000 \| fault \| 2\.7 times fewer \|$/m,
     'in a side-by-side table with a verdict');
like($stdout, qr/^ipc_inter_as_rt\/0 +735 +pipe_rt +9000 +12\.2 times fewer$/m,
     'and on standard output, a verdict per pair');
write_text("$dir/slow.json", encode_json({ linux => [
	{ name => 'trap', value => 2050, per => 'fault' } ] }));
$stdout = `perl bench/report.pl --log $sample --linux $dir/slow.json --out $dir/e 2>&1`;
like($stdout, qr/^trap +4100 +trap +2050 +2\.0 times more$/m, 'a pair where L4 loses says so');
$stdout = `perl bench/report.pl --log $sample --method kvm-tsc --out $dir/k 2>&1`;
is($?, 0, 'report.pl --method kvm-tsc');
$doc = eval { decode_json(slurp("$dir/k.json")) } // {};
is($doc->{unit}, 'TSC cycles', 'KVM figures are labelled TSC cycles');
like(slurp("$dir/k.md"), qr/\*\*TSC cycles\*\*/, 'in the Markdown too');
isnt(system('perl', 'bench/report.pl', '--log', $sample, '--method', 'wallclock', '--out', "$dir/w"), 0,
     'an unknown method is refused');
unlike(slurp("$dir/a.md"), qr/Side by side/, 'which is left out without Linux figures');

# ---- the repeat check -------------------------------------------------------

is(run_report('--log', $sample, '--repeat', $sample, '--out', "$dir/c"), 0, 'a repeated run');
$doc = eval { decode_json(slurp("$dir/c.json")) } // {};
ok($doc->{repeat_check} && $doc->{repeat_check}{identical}, 'the same log twice: identical');
(my $changed = slurp($sample)) =~ s/(name=thread_switch value=)[\d.]+/${1}1.0/;
write_text("$dir/changed.log", $changed);
is(run_report('--log', $sample, '--repeat', "$dir/changed.log", '--out', "$dir/d"), 0,
   'a repeated run that differs');
$doc = eval { decode_json(slurp("$dir/d.json")) } // {};
ok($doc->{repeat_check} && !$doc->{repeat_check}{identical}, 'is reported as not identical');
like(join(' ', @{$doc->{repeat_check}{differences} // []}), qr/thread_switch/, 'naming the figure');

# ---- refused logs -------------------------------------------------------------

my $text = slurp($sample);
my %bad = (
	'no BENCH-END' => $text =~ s/^BENCH-END.*\n//mr,
	'a failed run' => $text =~ s/status=ok/status=failed/r,
	'a missing line' => $text =~ s/^BENCH name=thread_switch .*\n//mr,
	'a non-numeric value' => $text =~ s/(name=map_page value=)[\d.]+/${1}x/r,
	'a line without per' => $text =~ s/ per=switch//r,
	'no BENCH-BEGIN' => $text =~ s/^BENCH-BEGIN.*\n//mr,
);
for my $what (sort keys %bad) {
	write_text("$dir/bad.log", $bad{$what});
	unlink "$dir/e.json";
	isnt(run_report('--log', "$dir/bad.log", '--out', "$dir/e"), 0, "refused: $what");
	ok(!-e "$dir/e.json", "and no JSON written for $what");
}

done_testing();
