#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# bochs_deadline.t: a Bochs boot that runs past its deadline (a GRUB image
# of test=hang, made here) is killed and reported as failed, promptly, and
# no Bochs process is left behind.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib";
use BootTest;
use Test::More;
use Time::HiRes qw(time);
use Cwd ();

# Bochs processes now running from this checkout (only their ids: ours
# must not stay). Other checkouts on the machine may run Bochs meanwhile:
# theirs run in their own folder.
sub bochs_pids {
	my %p;
	my $root = Cwd::realpath($BootTest::ROOT);
	for my $d (glob '/proc/[0-9]*') {
		open my $f, '<', "$d/comm" or next;
		my $comm = <$f> // '';
		my $cwd = readlink("$d/cwd") // '';
		$p{(split '/', $d)[-1]} = 1 if $comm =~ /^bochs/ && $cwd eq $root;
	}
	return \%p;
}

my $iso = 'build/test/harness-hang.iso';
chdir $BootTest::ROOT or die;
mkdir 'build/test';
system('tools/mkiso.sh', $iso, 'test=hang', 'build/kernel.elf') == 0 or die "mkiso.sh failed\n";

my $before = bochs_pids();
my $t0 = time;
my @c = evaluate(name => 'harness_bochs_hang', emulator => 'bochs', iso => $iso, timeout => 5);
my $took = time - $t0;
my %failed = map { $_->[1] => 1 } grep { !$_->[0] } @c;
ok($failed{'finished within 5 s'}, 'a hung Bochs boot is reported as not finished within 5 s');
ok($took >= 4.5 && $took < 15, sprintf('... killed at the deadline (took %.1f s)', $took));
ok((grep { $_->[0] && $_->[1] =~ /^the guest printed its plan/ } @c),
   '... after the kernel had started its test (not stuck in GRUB)');
sleep 1;
my $after = bochs_pids();
my @left = grep { !$before->{$_} } keys %$after;
is_deeply(\@left, [], 'no Bochs process is left behind');
done_testing();
