#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# serial_driver.t: the user-level serial driver (servers/driver/serial.c)
# drives COM2, a file for the host: its input is test/data/console_input.txt
# (a greeting, then a flood of 300 lines, more than the driver's ring), its
# output must hold every line the root task wrote through the driver's
# console protocol, in order. The root task's console tests run as a
# client; the rest of its suite runs beside the driver, and all of its
# output after the modules' start (its TAP) comes through the driver.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
use Fcntl;
use POSIX qw(mkfifo);
# COM2 is a pair of FIFOs (QEMU's pipe backend: PATH.in, PATH.out), both
# held open here read-write, so neither side blocks: the input (22 KB) and
# the output fit the pipes' buffers.
my $pipe = "$BootTest::ROOT/build/test/logs/serial_driver.com2";
unlink "$pipe.in", "$pipe.out";
mkfifo("$pipe.in", 0600) && mkfifo("$pipe.out", 0600) or die "mkfifo: $!";
sysopen(my $in, "$pipe.in", O_RDWR) && sysopen(my $outp, "$pipe.out", O_RDWR | O_NONBLOCK)
	or die "open fifo: $!";
open my $data, '<', "$FindBin::Bin/../data/console_input.txt" or die;
syswrite $in, do { local $/; <$data> };
# The root task prints through the driver once it has started: its TAP
# arrives on COM2, the kernel's words (and the drivers' own) on COM1.
my @checks = evaluate(
	modules => ['build/sigma0/sigma0', 'build/servers/root/root', 'build/servers/driver/serial wait=no',
	            'build/test/suite/suite privileged=yes ready=600000 -- com2=input'],
	qemu_extra => "-chardev pipe,id=com2,path=$pipe -serial chardev:com2",
	expect => 'pass', timeout => 90, tap => 0,
	require => [qr/^serial: \w+ drives COM2 \(IRQ 3\)$(?s:.*)^serial: \w+ drives COM2 \(IRQ 3\)$/m,
	            qr/^root: printing through the serial driver \w+ from here on$/m,
	            qr/^console: printf falls back to the kernel debugger$/m],
	forbid => [qr/^ok \d+ -/m, qr/^console: printf through the driver$/m]);
my ($com2, $buf) = ('', '');
$com2 .= $buf while sysread($outp, $buf, 65536);
my $out = "$pipe.txt";
if (open my $save, '>', $out) { print $save $com2; }
my $want = "console: hello from the root task, through the driver\n"
         . join('', map { sprintf "console: out %03d %s\n", $_,
                          'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ' } 0 .. 99)
         . "console: end of output\n";
push @checks, [index($com2, $want) >= 0 ? 1 : 0, 'COM2 has the 102 lines written through the driver, in order'];
push @checks, guest_tap($com2, 1);
for my $t (qw(console_write console_read_lines console_printf console_driver_restart)) {
	push @checks, [$com2 =~ /^ok \d+ - $t: (?!.*# SKIP)/m ? 1 : 0, "COM2 has $t passed, not skipped"];
}
push @checks, [$com2 =~ /^console: printf through the driver$/m ? 1 : 0, 'COM2 has the line printf wrote'];
push @checks, [$com2 !~ /printf falls back/ ? 1 : 0, 'COM2 lacks the line printf wrote while the driver failed'];
push @checks, [$com2 =~ /^console: after a timeout$/m ? 1 : 0, 'COM2 has the line written after a read timed out'];
push @checks, [$com2 =~ /^console: after bad requests$/m ? 1 : 0, 'COM2 has the line written after malformed requests'];
my $after = join '', map { sprintf "console: after a restart %02d %s\n", $_,
                           'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ' } 0 .. 19;
push @checks, [index($com2, $after) >= 0 ? 1 : 0, 'COM2 has the 20 lines written through the restarted driver'];
print '1..' . @checks . "\n";
my $n = 0;
my $failed = 0;
for (@checks) {
	my ($ok, $d) = @$_;
	$d =~ s/#/\\#/g;
	print +($ok ? 'ok' : 'not ok') . ' ' . ++$n . " - $d\n";
	$failed++ unless $ok;
}
print STDERR "# COM2 output: $out; serial log: $BootTest::last_log\n" if $failed;
exit($failed > 254 ? 254 : $failed);
