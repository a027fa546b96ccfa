# SPDX-License-Identifier: MIT
# KdbSession.pm: a QEMU boot whose kernel console (COM1) is a pair of
# FIFOs held here (QEMU's pipe backend: PATH.in, PATH.out), so that a test
# can type into the kernel debugger and wait for what it prints, expect
# style. Every wait ends at a deadline and reports failure then; nothing
# waits a fixed time. COM2 goes to a file. The whole COM1 transcript is
# saved as build/test/logs/NAME.log, as BootTest does.
#
#   my $k = KdbSession->new(args => '', modules => [...], timeout => 120);
#   my $text = $k->expect(qr/kdb> \z/);   # the text up to the match, or undef
#   my $out = $k->cmd('threads');          # one command: its output
#   $k->key("\e");                         # raw bytes (the break key)
#   my ($status, $transcript) = $k->finish;  # QEMU's exit status
package KdbSession;
use strict;
use warnings;
use Fcntl;
use File::Basename qw(basename);
use File::Path qw(make_path);
use POSIX qw(mkfifo WNOHANG _exit setpgid);
use Time::HiRes qw(time);
use BootTest ();

sub new {
	my ($class, %s) = @_;
	my $root = $BootTest::ROOT;
	my $name = $s{name} // basename($0, '.t');
	my $dir = "$root/build/test/logs";
	make_path($dir);
	my $fifo = "$dir/$name.com1";
	unlink "$fifo.in", "$fifo.out";
	mkfifo("$fifo.in", 0600) && mkfifo("$fifo.out", 0600) or die "mkfifo: $!";
	# Both ends held read-write here: neither open blocks, and QEMU's
	# writes never stall on a full pipe while we read.
	sysopen(my $in, "$fifo.in", O_RDWR) && sysopen(my $out, "$fifo.out", O_RDWR | O_NONBLOCK)
		or die "open fifo: $!";
	my @cmd = ($BootTest::QEMU, '-m', '128', '-display', 'none',
	           '-chardev', "pipe,id=com1,path=$fifo", '-serial', 'chardev:com1',
	           '-serial', "file:$dir/$name.com2", '-monitor', 'none', '-no-reboot',
	           '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
	           '-kernel', $s{kernel} // 'build/kernel.elf', '-append', $s{args} // '');
	push @cmd, '-initrd', join(',', @{$s{modules}}) if $s{modules} && @{$s{modules}};
	my $pid = fork // die "fork: $!";
	if (!$pid) {
		setpgid(0, 0);
		chdir $root or _exit(126);
		open STDIN, '<', '/dev/null';
		open STDOUT, '>', "$dir/$name.stderr" or _exit(126);
		open STDERR, '>&', \*STDOUT;
		{ no warnings 'exec'; exec { $cmd[0] } @cmd; }
		_exit(127);
	}
	setpgid($pid, $pid);
	my $timeout = $s{timeout} // 120;
	return bless { pid => $pid, in => $in, out => $out, buf => '', log => "$dir/$name.log",
	               all => '', end => time + $timeout, wait => $s{wait} // 60,
	               status => undef }, $class;
}

# Reads what COM1 has for up to $secs; false once QEMU is gone and the
# pipe is empty.
sub _read {
	my ($self, $secs) = @_;
	my $rin = '';
	vec($rin, fileno($self->{out}), 1) = 1;
	if (select(my $rout = $rin, undef, undef, $secs) > 0) {
		my $n = sysread($self->{out}, my $chunk, 65536);
		if ($n) {
			$chunk =~ s/\r//g;
			$self->{buf} .= $chunk;
			$self->{all} .= $chunk;
			return 1;
		}
	}
	if (!defined $self->{status} && waitpid($self->{pid}, WNOHANG) == $self->{pid}) {
		$self->{status} = $?;
	}
	return !defined $self->{status};
}

# Waits until the text since the last match matches $re; returns that
# text up to the end of the match (and consumes it), or undef at the
# deadline (the wait's own, or the boot's) or when QEMU ended first.
sub expect {
	my ($self, $re, $secs) = @_;
	my $until = time + ($secs // $self->{wait});
	$until = $self->{end} if $until > $self->{end};
	for (;;) {
		if ($self->{buf} =~ $re) {
			my $got = substr($self->{buf}, 0, $+[0]);
			$self->{buf} = substr($self->{buf}, $+[0]);
			return $got;
		}
		my $left = $until - time;
		return undef if $left <= 0;
		return undef if !$self->_read($left < 0.5 ? $left : 0.5) && $self->{buf} !~ $re;
	}
}

sub key {
	my ($self, $bytes) = @_;
	syswrite($self->{in}, $bytes);
}

# Types a command line and returns its output (between the echoed line
# and the next prompt), or undef if no prompt came back.
sub cmd {
	my ($self, $line) = @_;
	$self->key("$line\r");
	my $got = $self->expect(qr/kdb> \z/);
	return undef unless defined $got;
	$got =~ s/kdb> \z//;
	$got =~ s/^\Q$line\E\n//;
	return $got;
}

# Waits for QEMU to end (until the boot's deadline, then kills it);
# returns its exit code (undef when killed) and the whole transcript,
# which is saved in the log.
sub finish {
	my ($self) = @_;
	while (!defined $self->{status} && time < $self->{end}) {
		$self->_read(0.5);
	}
	if (!defined $self->{status}) {
		kill 'TERM', -$self->{pid};
		waitpid($self->{pid}, 0);
		$self->{status} = -1;
	}
	1 while $self->_read(0);
	if (open my $f, '>', $self->{log}) {
		print $f $self->{all};
	}
	my $st = $self->{status};
	return (($st == -1 || $st & 127) ? undef : $st >> 8, $self->{all});
}

sub DESTROY {
	my ($self) = @_;
	if (!defined $self->{status}) {
		kill 'KILL', -$self->{pid};
		waitpid($self->{pid}, 0);
	}
}

1;
