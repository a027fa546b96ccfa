#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# gdbinit.t: what `make debug` gives gdb. build/gdbinit (make gdbinit)
# loads the kernel's symbols and every module's, those of PROGRAMS too;
# every program the loader starts is linked at an address of its own, so
# that a breakpoint on one program's main is no other program's; and gdb
# reads the script's symbol files and puts each main in its own program.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
my $root = $BootTest::ROOT;
my @checks;
sub check { push @checks, [$_[0] ? 1 : 0, $_[1]]; }
sub gdbinit {
	my ($programs) = @_;
	my $out = `make -s -C '$root' gdbinit PROGRAMS='$programs' 2>&1`;
	print STDERR "# $_\n" for split /\n/, $out;
	open my $f, '<', "$root/build/gdbinit" or return '';
	local $/;
	return <$f>;
}
my $plain = gdbinit('');
check($plain =~ m{^file build/kernel\.elf$}m, 'make gdbinit: the kernel\'s symbols');
check(scalar(() = $plain =~ m{^add-symbol-file build/(sigma0/sigma0|servers/root/root|servers/driver/serial|servers/hello/hello)$}mg) == 4,
      '... and those of sigma0, the root task, the console driver and hello');
my $mine = gdbinit('build/test/loader/exiter -- exit 0, build/docs/upcase wait=no -- server');
check($mine =~ m{^add-symbol-file build/test/loader/exiter$}m && $mine =~ m{^add-symbol-file build/docs/upcase$}m,
      'with PROGRAMS: each program\'s file, without its options');
check($mine !~ m{hello}, '... instead of hello');

my @progs = qw(servers/hello/hello servers/driver/serial servers/driver/kbd servers/driver/ata
               test/loader/prog docs/upcase test/suite/suite);
my %at;
for my $p (@progs) {
	my ($main) = grep { / T main$/ } `nm '$root/build/$p'`;
	my ($addr) = ($main // '') =~ /^(\w+)/;
	$at{$p} = defined $addr ? hex $addr : undef;
}
my @have = grep { defined $at{$_} } @progs;
check(@have == @progs, 'every loaded program has a main symbol');
my %seen;
$seen{$at{$_} >> 22}++ for @have;
check(!grep({ $_ > 1 } values %seen), 'each loaded program is linked in a 4 MiB of its own');
SKIP: {
	my $gdb = `which gdb 2>/dev/null`;
	chomp $gdb;
	if (!$gdb) { check(1, 'gdb: not installed, skipped'); last SKIP; }
	my @cmds = map { ('-ex', $_) } grep { !/^target|^break/ } split /\n/, $mine;
	my %where = ('test/loader/exiter' => $at{'test/loader/prog'}, 'docs/upcase' => $at{'docs/upcase'});
	for my $p (sort keys %where) {
		my @args = ('gdb', '-batch', '-nx', @cmds, '-ex', sprintf('info symbol 0x%x', $where{$p}));
		open my $g, '-|', @args or do { check(0, "gdb: $!"); next; };
		my $said = do { local $/; <$g> };
		close $g;
		check($said =~ /main in section \.text of \S*\Q$p\E/, "gdb puts $p\'s main in $p");
	}
}
exit tap_print(@checks);
