#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# linux_parse.t: bench/linux/parse.pl turns a recorded run of lbench
# (lbench-sample.txt, serial noise and all) into well-formed JSON and a
# table, and refuses incomplete output. Host only: boots nothing, fetches
# nothing, and asserts the shape of the figures, never their size.
use strict; use warnings; use FindBin;
use File::Temp qw(tempdir);
use JSON::PP;
use Test::More;

my $root   = "$FindBin::Bin/../..";
my $parse  = "$root/bench/linux/parse.pl";
my $sample = "$FindBin::Bin/lbench-sample.txt";
my $dir    = tempdir(CLEANUP => 1);
my @names  = qw(getpid sched_yield pipe_rt futex_rt unix_socket_rt trap prot1
                prot100 unprot100 appel1 appel2 demand_zero_fault);

sub parse {
	my ($in, $tag) = @_;
	my @out = ("$dir/$tag.json", "$dir/$tag.md");
	my $rc = system("$^X $parse $in @out 2>$dir/$tag.err");
	return ($rc, @out);
}

my ($rc, $json, $md) = parse($sample, 'good');
is($rc, 0, 'the sample parses');
my $d = eval { open my $f, '<', $json or die; local $/; decode_json(<$f>) };
ok($d, 'the JSON is well formed') or diag($@);
is($d->{method}, 'qemu-icount', 'method');
is($d->{unit}, 'instructions', 'unit');
like($d->{kernel}, qr/^\d+\.\d+\S*$/, 'the kernel version');
like($d->{cmdline}, qr/console=ttyS0/, 'the kernel command line');
is_deeply([sort map { $_->{name} } @{$d->{linux}}], [sort @names],
          'every benchmark once, no other');
my %per = map { $_ => 1 } ('call', 'round trip', 'page', 'fault');
for my $r (@{$d->{linux}}) {
	ok($r->{value} =~ /^\d+$/ && $per{$r->{per}} && $r->{kernel} eq $d->{kernel},
	   "$r->{name}: a count, a known unit, the kernel");
}
my $table = do { open my $f, '<', $md or die; local $/; <$f> };
is(scalar(() = $table =~ /^\| `\w+` \| \d+ \| [a-z ]+ \|$/mg), scalar(@names),
   'the table has a row per benchmark');

# Incomplete runs: cut short, a figure missing, a guest error.
open my $f, '<', $sample or die; my @lines = <$f>; close $f;
my %bad = (
	truncated => [grep { !/LBENCH done/ } @lines],
	missing   => [grep { !/LBENCH result prot100 / } @lines],
	error     => [@lines, "LBENCH error trap: 3 faults, expected 4\n"],
);
for my $tag (sort keys %bad) {
	open my $o, '>', "$dir/$tag.txt" or die; print $o @{$bad{$tag}}; close $o;
	my ($brc, $bjson) = parse("$dir/$tag.txt", $tag);
	ok($brc != 0 && !-e $bjson, "$tag output fails and writes nothing");
}

done_testing();
