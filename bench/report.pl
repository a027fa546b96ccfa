#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# report.pl: turns the serial logs of the benchmark root task (BENCH lines,
# bench/l4bench/bench.h) into bench/results/latest.{json,md} and, with
# --chart, a gnuplot chart latest.svg of IPC cost against message size.
#
#   bench/report.pl --log FASTPATH.log [--repeat FASTPATH-2.log]
#                   [--nofp NOFASTPATH.log] [--linux linux.json]
#                   [--commit ID] [--qemu VERSION] [--chart WORKDIR]
#                   [--method qemu-icount|kvm-tsc] --out bench/results/latest
#
# --method: how the figures were taken: qemu-icount (the default; the TSC
#   counts guest instructions) or kvm-tsc (QEMU with KVM: real TSC cycles,
#   labelled as such everywhere, and noisy, so no repeat is expected equal).
#
# On standard output: the side-by-side table with a one-line verdict per
# pair (how many times fewer instructions L4 takes than Linux, or more).
#
# --repeat: a second run of the same image; the report says whether every
#   figure came out the same (under icount it should, exactly).
# --nofp: a run on the kernel built with FASTPATH=0; its inter-space series
#   becomes ipc_fastpath_off_rt.
# --linux: make bench-linux's results; its entries go under "linux" as
#   they are (an object with a "linux" or "results" list, or a bare list).
# Exits non-zero, saying why, if a log is incomplete or malformed.
use strict;
use warnings;
use Getopt::Long;
use JSON::PP;

my %o = (commit => 'unknown', qemu => '', method => 'qemu-icount');
GetOptions(\%o, 'log=s', 'repeat=s', 'nofp=s', 'linux=s', 'commit=s', 'qemu=s',
           'chart=s', 'out=s', 'method=s') && $o{log} && $o{out}
           && $o{method} =~ /^(qemu-icount|kvm-tsc)$/
	or die "usage: $0 --log LOG [--repeat LOG] [--nofp LOG] [--linux JSON] "
	     . "[--commit ID] [--qemu VERSION] [--chart WORKDIR] [--method qemu-icount|kvm-tsc] "
	     . "--out PREFIX\n";
my $kvm = $o{method} eq 'kvm-tsc';
my $unit = $kvm ? 'TSC cycles' : 'instructions';

# ---- parsing ---------------------------------------------------------------

my %PER = (round_trip => 'round trip');
my @NUMERIC = qw(value ops overhead cr3 seg fastpath slowpath gross words bytes per_kib);

# The BENCH lines of one log, as hashes in their order; dies unless the run
# began, ended with status ok, and printed as many lines as it says.
sub parse_log {
	my ($file) = @_;
	open my $fh, '<', $file or die "report: cannot read $file: $!\n";
	my (@r, $begun, $end);
	while (my $line = <$fh>) {
		$line =~ s/\r?\n\z//;
		if ($line =~ /^BENCH-BEGIN\b/) {
			$begun = 1;
		} elsif ($line =~ /^BENCH-END\b(.*)$/) {
			$end = { map { split /=/, $_, 2 } split ' ', $1 };
		} elsif ($line =~ /^BENCH\s+(.*)$/) {
			my %e;
			for my $kv (split ' ', $1) {
				my ($k, $v) = split /=/, $kv, 2;
				die "report: $file:$.: '$kv' is not key=value\n" unless defined $v && $k ne '';
				$e{$k} = $v;
			}
			for my $k ('name', 'value', 'per') {
				die "report: $file:$.: no $k\n" unless defined $e{$k};
			}
			for my $k (@NUMERIC) {
				next unless defined $e{$k};
				die "report: $file:$.: $k=$e{$k} is not a number\n"
					unless $e{$k} =~ /^-?\d+(\.\d+)?$/;
				$e{$k} += 0;
			}
			$e{per} = $PER{$e{per}} // ($e{per} =~ tr/_/ /r);
			push @r, \%e;
		}
	}
	die "report: $file: no BENCH-BEGIN (did the benchmark start?)\n" unless $begun;
	die "report: $file: no BENCH-END (the run did not finish)\n" unless $end;
	die "report: $file: the benchmark says status=$end->{status}\n"
		unless ($end->{status} // '') eq 'ok';
	die "report: $file: BENCH-END counts $end->{lines} lines, found " . @r . "\n"
		unless ($end->{lines} // -1) == @r;
	return @r;
}

sub key_of {
	my $e = shift;
	return $e->{name} . (defined $e->{words} ? "/$e->{words}" : '')
	     . (defined $e->{bytes} ? "/$e->{bytes}B" : '');
}

# A log entry in the JSON's shape (BENCHMARKING.md), the rest kept as extra
# fields.
sub json_entry {
	my ($e, $config) = @_;
	my %j = (name => $e->{name});
	$j{words} = $e->{words} if defined $e->{words};
	$j{value} = $e->{value};
	$j{per} = $e->{per};
	$j{cr3_loads} = $e->{cr3};
	$j{segment_reloads} = $e->{seg};
	$j{fastpath_ipcs} = $e->{fastpath};
	$j{general_path_ipcs} = $e->{slowpath};
	$j{ops} = $e->{ops} if defined $e->{ops};
	$j{loop_overhead} = $e->{overhead} if defined $e->{overhead};
	$j{kernel} = $config;
	my %known = map { $_ => 1 } qw(name words value per cr3 seg fastpath slowpath ops overhead);
	$j{$_} = $e->{$_} for grep { !$known{$_} } sort keys %$e;
	return \%j;
}

my @main = parse_log($o{log});
my @results = map { json_entry($_, 'FASTPATH=1') } @main;

my $repeat;
if ($o{repeat}) {
	# The figure and the loop overhead (BENCHMARKING.md: an empty loop must
	# read the same on every run).
	my $pair = sub { my $e = shift; return "$e->{value} (overhead " . ($e->{overhead} // '-') . ')' };
	my %first = map { key_of($_) => $pair->($_) } @main;
	my @diff;
	for my $e (parse_log($o{repeat})) {
		my ($a, $b) = ($first{key_of($e)} // 'missing', $pair->($e));
		push @diff, key_of($e) . ": $a vs $b" if $a ne $b;
	}
	$repeat = { runs => 2, identical => @diff ? JSON::PP::false : JSON::PP::true,
	            differences => \@diff };
}

if ($o{nofp}) {
	for my $e (grep { $_->{name} eq 'ipc_inter_as_rt' } parse_log($o{nofp})) {
		push @results, json_entry({ %$e, name => 'ipc_fastpath_off_rt' }, 'FASTPATH=0');
	}
}

my @linux;
my $linux_note = 'bench/results/linux.json is absent: run make bench-linux for the Linux figures';
if ($o{linux} && -e $o{linux}) {
	open my $fh, '<', $o{linux} or die "report: cannot read $o{linux}: $!\n";
	my $d = decode_json(do { local $/; <$fh> });
	my $list = ref $d eq 'ARRAY' ? $d : ($d->{linux} // $d->{results} // []);
	@linux = grep { ref $_ eq 'HASH' && defined $_->{name} } @$list;
	$linux_note = "from $o{linux}";
}

# L4 figures and the Linux figures that measure the same thing (same loop,
# same per), for the side-by-side table: L4 name (/words for an IPC size)
# => Linux name. An L4 IPC round trip is set beside each Linux way of
# sending a message to another process and getting one back.
my @PAIRS = (
	[null_syscall => 'getpid'],
	['ipc_inter_as_rt/0' => 'pipe_rt'],
	['ipc_inter_as_rt/0' => 'futex_rt'],
	['ipc_inter_as_rt/0' => 'unix_socket_rt'],
	[pipe_rt => 'pipe_rt'],
	[pagefault_rt => 'demand_zero_fault'],
	map { [$_ => $_] } qw(trap prot1 prot100 unprot100 appel1 appel2),
);
my @side;
for my $p (@PAIRS) {
	my ($name, $words) = split m{/}, $p->[0];
	my ($l4) = grep { $_->{name} eq $name && ($_->{words} // -1) == ($words // -1) } @results;
	my ($lx) = grep { $_->{name} eq $p->[1] } @linux;
	next unless $l4 && $lx && defined $lx->{value};
	push @side, { name => $p->[0], linux_name => $p->[1], l4 => $l4->{value},
	              linux => $lx->{value}, per => $l4->{per} };
}

# "39.2 times fewer" / "1.6 times more" / "the same": Linux against L4.
sub verdict {
	my ($e) = @_;
	return '-' unless $e->{l4} > 0 && $e->{linux} =~ /^[\d.]+$/ && $e->{linux} > 0;
	my $r = $e->{linux} / $e->{l4};
	return 'the same' if sprintf('%.1f', $r) eq '1.0';
	return $r > 1 ? sprintf('%.1f times fewer', $r) : sprintf('%.1f times more', 1 / $r);
}

# ---- outputs -----------------------------------------------------------------

my %doc = (
	method => $o{method},
	unit => $unit,
	commit => $o{commit},
	emulator => $o{qemu},
	emulator_flags => $kvm ? '-enable-kvm -cpu host' : '-icount shift=0,sleep=off',
	notes => 'values are per operation, net of loop overhead; the ipc_* figures are '
	       . 'round trips (two IPCs); cr3_loads and segment_reloads are per operation',
	results => \@results,
	linux => \@linux,
	side_by_side => \@side,
);
$doc{repeat_check} = $repeat if $repeat;

sub write_file {
	my ($file, $text) = @_;
	open my $fh, '>', "$file.tmp" or die "report: cannot write $file: $!\n";
	print $fh $text;
	close $fh or die "report: $file: $!\n";
	rename "$file.tmp", $file or die "report: $file: $!\n";
}

write_file("$o{out}.json", JSON::PP->new->canonical->pretty->encode(\%doc));

my %by;
$by{key_of($_)} = $_ for @results;
sub cell { my $e = $by{$_[0]}; return defined $e ? $e->{$_[1]} : '-' }
sub linux_value { my ($n) = @_; my ($e) = grep { $_->{name} eq $n } @linux; return $e ? $e->{value} : undef }

my @sizes = sort { $a <=> $b } map { $_->{words} } grep { $_->{name} eq 'ipc_inter_as_rt' } @results;
my $md = "# L4 benchmark results\n\n" . ($kvm
       ? "Commit `$o{commit}`. Method: QEMU with KVM (`-enable-kvm -cpu host`)"
         . ($o{qemu} ? " ($o{qemu})" : '') . ", so the figures are **TSC cycles** of the "
         . "host's processor, not instructions (they vary from run to run). "
       : "Commit `$o{commit}`. Method: QEMU TCG with `-icount shift=0,sleep=off`"
         . ($o{qemu} ? " ($o{qemu})" : '') . ", so the figures are **guest instructions**, "
         . "not cycles. ")
       . "Each is per operation, the best of several repetitions, minus the "
       . "loop overhead. CR3 loads and segment reloads are per operation too: they are "
       . "what costs far more on hardware than an instruction.\n\n";
if ($repeat) {
	$md .= $repeat->{identical} ? "Two runs gave identical figures.\n\n"
	     : "Two runs differed: " . join('; ', @{$repeat->{differences}}) . "\n\n";
}
$md .= "## IPC round trip (Call / ReplyWait) by message size\n\n"
     . "| untyped words | inter-space | intra-space | inter-space, fast path off "
     . "| CR3 loads (inter / intra) | segment reloads (inter / intra) "
     . "| fast-path IPCs (inter / intra) |\n|---:|---:|---:|---:|---|---|---|\n";
for my $w (@sizes) {
	my ($x, $i, $f) = ("ipc_inter_as_rt/$w", "ipc_intra_as_rt/$w", "ipc_fastpath_off_rt/$w");
	$md .= "| $w | " . cell($x, 'value') . ' | ' . cell($i, 'value') . ' | ' . cell($f, 'value')
	     . ' | ' . cell($x, 'cr3_loads') . ' / ' . cell($i, 'cr3_loads')
	     . ' | ' . cell($x, 'segment_reloads') . ' / ' . cell($i, 'segment_reloads')
	     . ' | ' . cell($x, 'fastpath_ipcs') . ' / ' . cell($i, 'fastpath_ipcs') . " |\n";
}
if (grep { $_->{name} eq 'ipc_small_small_rt' } @results) {
	$md .= "\n## Small address spaces (segments, X.2 A.5)\n\n"
	     . "Round trips with the server in a small space: the client in another small "
	     . "space, or large (the benchmark's root thread); and between two large spaces "
	     . "while a small space exists, when the kernel leaves by iret instead of sysexit. "
	     . "Each cell: instructions / CR3 loads / segment reloads per round trip.\n\n"
	     . "| untyped words | small - small | small - large | large - large (sysexit) "
	     . "| large - large (iret) |\n|---:|---|---|---|---|\n";
	my $c = sub { my $k = shift; return join ' / ', map { cell($k, $_) } qw(value cr3_loads segment_reloads) };
	for my $w (@sizes) {
		$md .= "| $w | " . join(' | ', map { $c->("$_/$w") }
		                              qw(ipc_small_small_rt ipc_small_large_rt ipc_inter_as_rt
		                                 ipc_inter_as_iret_rt)) . " |\n";
	}
}
my @strings = grep { $_->{name} eq 'ipc_string_rt' } @results;
if (@strings) {
	my $lx = sub {
		my ($n, $b) = @_;
		my ($e) = grep { $_->{name} eq $n && ($_->{bytes} // -1) == $b } @linux;
		return $e ? $e->{value} : '-';
	};
	$md .= "\n## String IPC round trip by size\n\n"
	     . "A simple string item of N bytes to a server in another space and a string of "
	     . "N bytes back (two IPCs, 2N bytes copied by the kernel), beside Linux moving "
	     . "the same bytes there and back through two pipes and through a Unix socket "
	     . "pair. Per KiB: the round trip divided by N / 1024.\n\n"
	     . "| bytes | L4 ipc_string_rt | L4 per KiB | Linux pipe_string_rt | Linux unix_socket_string_rt |\n"
	     . "|---:|---:|---:|---:|---:|\n";
	for my $e (sort { $a->{bytes} <=> $b->{bytes} } @strings) {
		$md .= "| $e->{bytes} | $e->{value} | " . ($e->{per_kib} // '-') . ' | '
		     . $lx->('pipe_string_rt', $e->{bytes}) . ' | '
		     . $lx->('unix_socket_string_rt', $e->{bytes}) . " |\n";
	}
}
$md .= "\n## Other figures\n\n| name | $unit | per | CR3 loads | segment reloads | note |\n"
     . "|---|---:|---|---:|---:|---|\n";
for my $e (grep { $_->{name} !~ /^ipc_/ } @results) {
	my $note = join ', ', map { "$_ $e->{$_}" } grep { defined $e->{$_} } qw(op gross);
	$md .= "| $e->{name} | $e->{value} | $e->{per} | $e->{cr3_loads} | $e->{segment_reloads} | $note |\n";
}
my $console = '';
if (@side) {
	my $how = $kvm ? 'TSC cycles under KVM' : 'instructions under icount';
	$md .= "\n## Side by side with Linux\n\nThe same operation measured the same way "
	     . "($how); an L4 IPC round trip is set beside each Linux way of sending a "
	     . "byte to another process and back; for the protection primitives L4 uses a "
	     . "user-level pager where Linux uses mprotect and SIGSEGV.\n\n"
	     . "| L4 | $unit | Linux | $unit | per | L4 takes |\n"
	     . "|---|---:|---|---:|---|---|\n";
	$console .= sprintf "%-20s %11s  %-18s %11s  %s\n", 'L4', $unit eq 'instructions' ? 'instr.' : 'cycles',
	                    'Linux', $unit eq 'instructions' ? 'instr.' : 'cycles', 'L4 takes';
	for my $e (@side) {
		my $v = verdict($e);
		$md .= "| $e->{name} | $e->{l4} | $e->{linux_name} | $e->{linux} | $e->{per} | $v |\n";
		$console .= sprintf "%-20s %11s  %-18s %11s  %s\n", $e->{name}, $e->{l4},
		                    $e->{linux_name}, $e->{linux}, $v;
	}
}
$md .= "\n## Linux\n\n";
if (@linux) {
	$md .= "Figures $linux_note (round trips where the name ends in _rt).\n\n"
	     . "| name | value | per | kernel |\n|---|---:|---|---|\n";
	$md .= "| $_->{name} | $_->{value} | " . ($_->{per} // '') . ' | ' . ($_->{kernel} // '') . " |\n"
		for @linux;
} else {
	$md .= "No Linux figures: $linux_note.\n";
}
write_file("$o{out}.md", $md);
# The headline figures on the terminal: what a reader of make bench wants
# first (the tables are in the files).
my @headline = (['ipc_inter_as_rt/0', 'inter-space round trip, 0 words'],
                ['ipc_inter_as_rt/8', 'inter-space round trip, 8 words'],
                ['ipc_inter_as_rt/63', 'inter-space round trip, 63 words'],
                ['ipc_intra_as_rt/0', 'intra-space round trip, 0 words'],
                ['ipc_small_small_rt/0', 'small - small round trip'],
                ['ipc_small_large_rt/0', 'small - large round trip'],
                ['ipc_inter_as_iret_rt/0', 'large - large, leaving by iret'],
                ['ipc_fastpath_off_rt/0', 'inter-space, fast path off'],
                ['null_syscall', 'null system call'],
                ['thread_switch', 'thread switch'],
                ['irq_to_user', 'interrupt to user handler'],
                ['pagefault_rt', 'page fault round trip'],
                ['first_fault_4m', 'first fault, fresh 4 MiB region']);
print "\nL4 headline figures ($unit):\n";
for my $h (grep { $by{$_->[0]} } @headline) {
	my $e = $by{$h->[0]};
	printf "  %-34s %9s   %-24s %s CR3 loads, %s segment reloads\n", $h->[1], $e->{value},
	       $h->[0], $e->{cr3_loads} // '-', $e->{segment_reloads} // '-';
}
if ($console) {
	print "\nL4 beside Linux (" . ($kvm ? 'TSC cycles, KVM' : 'instructions, QEMU icount') . "):\n$console";
} else {
	print "\nNo Linux figures to set beside ours: $linux_note.\n";
}

exit 0 unless $o{chart};

# ---- chart (gnuplot) -------------------------------------------------------

my $dat = "$o{chart}/ipc.dat";
my $data = "# words inter intra inter_fastpath_off\n";
for my $w (@sizes) {
	$data .= join(' ', $w, map { my $v = cell("$_/$w", 'value'); $v eq '-' ? 'NaN' : $v }
	              qw(ipc_inter_as_rt ipc_intra_as_rt ipc_fastpath_off_rt)) . "\n";
}
write_file($dat, $data);
my @plots = ("'$dat' using 1:2 with linespoints pt 7 ps 0.5 title 'L4 inter-space'",
             "'$dat' using 1:3 with linespoints pt 5 ps 0.5 title 'L4 intra-space'");
push @plots, "'$dat' using 1:4 with linespoints pt 9 ps 0.5 dt 2 title 'L4 inter-space, fast path off'"
	if grep { $_->{name} eq 'ipc_fastpath_off_rt' } @results;
# Linux's round trips as horizontal lines; they are likely an order of
# magnitude above, so then the y axis is logarithmic.
my ($yaxis, $top) = ("set yrange [0:*]\n", 0);
for my $n (qw(pipe_rt futex_rt)) {
	my $v = linux_value($n);
	next unless defined $v && $v =~ /^[\d.]+$/ && $v > 0;
	push @plots, "$v with lines dt 3 lw 2 title 'Linux $n'";
	$top = $v if $v > $top;
	$yaxis = sprintf "set logscale y\nset yrange [100:%d]\n", 2 * $top;
}
my $gp = "$o{chart}/ipc.gp";
my $ylabel = $kvm ? 'TSC cycles per round trip (KVM)' : 'guest instructions per round trip (QEMU icount)';
write_file($gp, <<"EOT" . $yaxis . 'plot ' . join(", \\\n     ", @plots) . "\n");
set terminal svg size 900,540 dynamic noenhanced font 'sans,12'
set output '$o{out}.svg'
set title 'IPC round trip (Call / ReplyWait) by message size, commit $o{commit}'
set xlabel 'untyped words'
set ylabel '$ylabel'
set xrange [0:63]
set xtics 0,8,64
set grid
set key bottom right
EOT
system('gnuplot', $gp) == 0 or die "report: gnuplot $gp failed\n";
