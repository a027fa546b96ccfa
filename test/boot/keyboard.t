#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# keyboard.t: the PS/2 keyboard driver (servers/driver/kbd.c, IRQ 1) and the
# serial driver as the console. Once the keyboard driver says it is ready,
# the host types "Hello L4" and Enter through the QEMU monitor (sendkey);
# the root task, a console client, must read that line.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;
use IO::Socket::UNIX;
use POSIX qw(_exit);
use Time::HiRes qw(sleep);
my $logs = "$BootTest::ROOT/build/test/logs";
my $mon = "$logs/keyboard.monitor";
my $log = "$logs/keyboard.log";
unlink $mon, $log;
my $typist = fork // die "fork: $!";
if (!$typist) {
	# Wait for the driver, then type.
	for (1 .. 1200) {
		open my $f, '<', $log or do { sleep 0.05; next };
		local $/;
		my $t = <$f> // '';
		last if $t =~ /^kbd: .*ready\r?$/m;      # the console sends CR LF
		sleep 0.05;
	}
	my $s;
	for (1 .. 100) {
		last if $s = IO::Socket::UNIX->new(Peer => $mon);
		sleep 0.1;
	}
	$s or do { print STDERR "keyboard.t: monitor $mon: $!\n"; _exit(1) };
	for my $k (qw(shift-h e l l o spc shift-l 4 ret)) {
		print $s "sendkey $k\n";
		sleep 0.1;
	}
	sleep 0.5;
	_exit(0);
}
boot_test(modules => ['build/sigma0/sigma0', 'build/servers/root/root',
                      'build/servers/driver/serial wait=no', 'build/servers/driver/kbd wait=no',
                      'build/test/suite/suite privileged=yes ready=600000'],
          qemu_extra => "-monitor unix:$mon,server=on,wait=off",
          expect => 'pass', timeout => 90,
          require => [qr/^kbd: \w+ reads the keyboard \(IRQ 1\), console \w+, command byte \w+: ready$/m,
                      qr/^ok \d+ - console_keyboard/m],
          forbid => [qr/SKIP no keyboard driver/, qr/without its interrupt/]);
