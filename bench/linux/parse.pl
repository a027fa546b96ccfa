#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# parse.pl: lbench's serial output (bench/linux/lbench.c) to JSON and a
# Markdown table. Fails, writing nothing, unless the output is complete:
# the kernel named, every benchmark reported once, and the closing line.
#   usage: bench/linux/parse.pl OUTPUT JSON MD
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Path qw(make_path);
use JSON::PP;

my @NAMES = qw(getpid sched_yield pipe_rt futex_rt unix_socket_rt trap prot1
               prot100 unprot100 appel1 appel2 demand_zero_fault);
my %PER = map { $_ => 1 } ('call', 'round trip', 'page', 'fault');

@ARGV == 3 or die "usage: $0 OUTPUT JSON MD\n";
my ($in, $json_out, $md_out) = @ARGV;

my (%r, @order, @info, $kernel, $cmdline, $qemu, $done);
my @errors;
open my $fh, '<', $in or die "$0: $in: $!\n";
while (my $line = <$fh>) {
	$line =~ s/[\r\n]+$//;          # the serial console ends lines with \r\n
	# Anything before the tag is noise (the firmware's escape sequences).
	next unless $line =~ s/^.*?(LBENCH(?:-HOST)?) //;
	my $tag = $1;
	if ($tag eq 'LBENCH-HOST') {
		$qemu = $1 if $line =~ /^qemu (.+)$/;
	} elsif ($line =~ /^kernel (\S+)$/) {
		$kernel = $1;
	} elsif ($line =~ /^cmdline (.*?)\s*$/) {
		$cmdline = $1;
	} elsif ($line =~ /^result (\S+) (\d+) (.+)$/) {
		my ($name, $value, $per) = ($1, $2, $3);
		push @errors, "$name: unknown per '$per'" unless $PER{$per};
		push @errors, "$name reported twice" if $r{$name};
		push @order, $name unless $r{$name};
		$r{$name} = { name => $name, value => 0 + $value, per => $per };
	} elsif ($line =~ /^info (.*)$/) {
		push @info, $1;
	} elsif ($line =~ /^error (.*)$/) {
		push @errors, "guest: $1";
	} elsif ($line eq 'done') {
		$done = 1;
	} else {
		push @errors, "unrecognised line: LBENCH $line";
	}
}
close $fh;
push @errors, 'no kernel version' unless defined $kernel;
push @errors, 'no command line' unless defined $cmdline;
push @errors, 'no closing "LBENCH done": the run did not finish' unless $done;
for my $n (@NAMES) {
	push @errors, "no result for $n" unless $r{$n};
}
die map { "$0: $in: $_\n" } @errors if @errors;

# The JSON is written by hand for a stable, readable key order; JSON::PP
# encodes each value.
my $enc = JSON::PP->new->allow_nonref;
sub obj {
	my @kv = @_;
	my @parts;
	while (my ($k, $v) = splice @kv, 0, 2) {
		push @parts, $enc->encode($k) . ': ' . $enc->encode($v);
	}
	return '{' . join(', ', @parts) . '}';
}
my $json = "{\n";
$json .= "  \"method\": \"qemu-icount\",\n  \"unit\": \"instructions\",\n";
$json .= '  "kernel": ' . $enc->encode($kernel) . ",\n";
$json .= '  "cmdline": ' . $enc->encode($cmdline) . ",\n";
$json .= '  "qemu": ' . $enc->encode($qemu) . ",\n" if defined $qemu;
$json .= '  "info": [' . join(', ', map { $enc->encode($_) } @info) . "],\n";
$json .= "  \"linux\": [\n" . join(",\n", map {
	my $x = $r{$_};
	# A sized figure (pipe_string_rt/256): its name and its bytes.
	my ($n, $b) = $x->{name} =~ m{^(.+)/(\d+)$} ? ($1, $2 + 0) : ($x->{name}, undef);
	'    ' . obj(name => $n, (defined $b ? (bytes => $b) : ()), value => $x->{value},
	             per => $x->{per}, kernel => $kernel)
} @order) . "\n  ]\n}\n";
JSON::PP->new->decode($json);   # never write what does not parse

my $md = "# Linux side by side\n\n"
       . "Debian's Linux $kernel in QEMU (TCG, `-icount shift=0`): "
       . "guest instructions per operation (not cycles). "
       . "Command line: `$cmdline`.\n\n"
       . "| benchmark | instructions | per |\n|---|---:|---|\n"
       . join('', map { "| `$_` | $r{$_}{value} | $r{$_}{per} |\n" } @order);

sub put {
	my ($path, $text) = @_;
	make_path(dirname($path));
	open my $out, '>', "$path.tmp" or die "$0: $path.tmp: $!\n";
	print $out $text;
	close $out or die "$0: $path.tmp: $!\n";
	rename "$path.tmp", $path or die "$0: $path: $!\n";
}
put($json_out, $json);
put($md_out, $md);
