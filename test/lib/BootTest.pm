# SPDX-License-Identifier: MIT
# BootTest.pm: the host side of the boot tests. Boots the kernel once, in
# QEMU (-kernel, modules as -initrd) or a GRUB image in Bochs, saves the
# serial output as build/test/logs/NAME.log and judges it: the deadline, the
# exit status, the kernel's last word ("exit: success", "exit: failure",
# "PANIC:"), the guest's own TAP results, and required and forbidden
# patterns. evaluate(%spec) returns the checks as [ok, description] pairs;
# boot_test(%spec) prints them as one TAP stream for prove (tap_print, for
# a test that gathers checks of its own). Spec keys:
#   args => 'test=all'        kernel command line (QEMU; an ISO has its own)
#   kernel => 'build/kernel.elf'   the kernel QEMU boots
#   modules => [files]        boot modules, in order (QEMU -initrd "a,b")
#   qemu_extra => '-m 6'      more QEMU arguments (its -m replaces -m 128)
#   timeout => 30             seconds; the boot is killed at the deadline
#   expect => 'pass'          or 'fail' (clean failure) or 'panic'
#   require => [qr/.../]      patterns that must appear (strings are regexes)
#   forbid => [qr/.../]       patterns that must not, on top of the defaults
#   tap => 1                  check the guest's plan was run in full
#                             (default: when expect is 'pass')
#   emulator => 'bochs', iso => 'build/l4-test.iso'   Bochs instead of QEMU
#   name => 'x'               log name (default: the .t file's name)
package BootTest;
use strict;
use warnings;
use Exporter 'import';
use Cwd qw(abs_path);
use File::Basename qw(basename dirname);
use File::Path qw(make_path);
use POSIX qw(WNOHANG _exit setpgid);
use Time::HiRes qw(time sleep);

our @EXPORT = qw(boot_test evaluate guest_tap tap_print);
our $ROOT = abs_path(dirname(__FILE__) . '/../..');
our $QEMU = $ENV{QEMU} // 'qemu-system-i386';
our $last_log;      # the last boot's log and stderr files, for diagnostics
our $last_err;

# Runs @$cmd from the top folder in a process group of its own (stdin
# /dev/null, stdout and stderr to files). At the deadline the group gets
# SIGTERM (bochs.sh then kills its Bochs), and SIGKILL 5 s later.
# Returns the wait status (undef when killed) and the seconds taken.
sub _run {
	my ($cmd, $out, $err, $timeout) = @_;
	my $t0 = time;
	my $pid = fork // die "fork: $!";
	if (!$pid) {
		setpgid(0, 0);
		chdir $ROOT or _exit(126);
		open STDIN, '<', '/dev/null';
		open STDOUT, '>', $out or _exit(126);
		open STDERR, '>', $err or _exit(126);
		{ no warnings 'exec'; exec { $cmd->[0] } @$cmd; }
		print STDERR "cannot run $cmd->[0]: $!\n";
		_exit(127);
	}
	setpgid($pid, $pid);    # also here: no race with an early kill
	while (waitpid($pid, WNOHANG) == 0) {
		if (time - $t0 >= $timeout) {
			kill 'TERM', -$pid;
			my $grace = time + 5;
			sleep 0.05 while waitpid($pid, WNOHANG) == 0 && time < $grace;
			kill 'KILL', -$pid;
			waitpid($pid, 0);
			return (undef, time - $t0);
		}
		sleep 0.05;
	}
	return ($?, time - $t0);
}

# A pattern as the user wrote it, for check descriptions.
sub _show {
	my $s = "$_[0]";
	$s =~ s/^\(\?\^\w*:(.*)\)$/$1/s;
	return "/$s/";
}

sub _slurp {
	open my $f, '<', $_[0] or return '';
	local $/;
	my $t = <$f>;
	return $t // '';
}

sub evaluate {
	my %s = (args => '', modules => [], qemu_extra => '', timeout => 30,
	         expect => 'pass', require => [], forbid => [], emulator => 'qemu', @_);
	my $expect = $s{expect};
	die "BootTest: expect must be pass, fail or panic\n" unless $expect =~ /^(pass|fail|panic)$/;
	my $name = $s{name} // basename($0, '.t');
	my $dir = "$ROOT/build/test/logs";
	make_path($dir);
	my ($log, $err) = ("$dir/$name.log", "$dir/$name.stderr");
	($last_log, $last_err) = ($log, $err);
	my (@checks, $finished);
	# Callers write !!(match): a failed match in list context is an empty list.
	my $check = sub { push @checks, [$_[0] ? 1 : 0, $_[1]] };

	if ($s{emulator} eq 'bochs') {
		# bochs.sh keeps its own deadline; ours is only a backstop.
		my $iso = $s{iso} // 'build/l4-test.iso';
		my ($st) = _run(['tools/bochs.sh', $iso, $log, $s{timeout}], '/dev/null', $err,
		                $s{timeout} + 20);
		my $code = defined $st ? $st >> 8 : 124;
		$finished = $code != 124;
		$check->($finished, "finished within $s{timeout} s");
		$check->($code == 0, "Bochs stopped at the guest's shutdown request"
		         . ($code == 0 ? '' : " (bochs.sh status $code)"));
	} elsif ($s{emulator} eq 'qemu') {
		my @extra = split ' ', $s{qemu_extra};
		# COM1 (the kernel debugger) and COM2 (the console driver) both
		# write the log, as under make run; a test that gives COM2 a
		# device of its own (-serial) gets COM1 alone.
		my @serial = grep({ $_ eq '-serial' } @extra) ? qw(-serial stdio)
		           : ('-chardev', 'stdio,id=console,mux=on',
		              qw(-serial chardev:console -serial chardev:console));
		my @cmd = ($QEMU, (grep({ $_ eq '-m' } @extra) ? () : ('-m', '128')),
		           qw(-display none), @serial, qw(-monitor none -no-reboot),
		           '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
		           '-kernel', $s{kernel} // 'build/kernel.elf', '-append', $s{args});
		push @cmd, '-initrd', join(',', @{$s{modules}}) if @{$s{modules}};
		push @cmd, @extra;
		my ($st) = _run(\@cmd, $log, $err, $s{timeout});
		$finished = defined $st;
		$check->($finished, "finished within $s{timeout} s");
		# isa-debug-exit: 1 is success, 3 failure (panics too); 0 a triple fault.
		my $want = $expect eq 'pass' ? 1 : 3;
		my $got = !defined $st ? 'killed' : $st & 127 ? 'signal ' . ($st & 127) : $st >> 8;
		$check->($got eq $want, "QEMU exit status $want" . ($got eq $want ? '' : " (got $got)"));
	} else {
		die "BootTest: unknown emulator $s{emulator}\n";
	}

	# The serial text, without CRs and terminal escapes (GRUB's menu).
	my $out = _slurp($log);
	$out =~ s/\r//g;
	$out =~ s/\e\[[0-9;?]*[A-Za-z]//g;

	# The kernel must let the UART drain before it leaves the emulator:
	# Bochs loses what is still in the transmitter at shutdown (the kernel's
	# console_flush waits for it to empty, then lingers).
	$check->($out =~ /\n\z/ ? 1 : 0, 'the output ends with a whole line (nothing lost at exit)')
		if $finished;

	if ($expect eq 'pass') {
		$check->(!!($out =~ /^exit: success$/m), 'the kernel said "exit: success"');
	} elsif ($expect eq 'fail') {
		$check->(!!($out =~ /^exit: failure$/m && $out !~ /PANIC/),
		         'the kernel said "exit: failure", without a panic');
	} else {
		$check->(!!($out =~ /^PANIC:/m), 'the kernel panicked ("PANIC:")');
	}

	push @checks, guest_tap($out, $s{tap} // $expect eq 'pass');

	my @forbid = @{$s{forbid}};
	unshift @forbid, qr/PANIC/, qr/unexpected .* in the kernel/ unless $expect eq 'panic';
	unshift @forbid, qr/^exit: failure/m if $expect eq 'pass';
	for (@{$s{require}}) {
		my $re = ref $_ ? $_ : qr/$_/m;
		$check->(!!($out =~ $re), 'output has ' . _show($re));
	}
	for (@forbid) {
		my $re = ref $_ ? $_ : qr/$_/m;
		$check->(!!($out !~ $re), 'output lacks ' . _show($re));
	}
	return @checks;
}

# The guest's TAP in $out, renumbered into our checks; with $whole, also
# whether its plan was printed and run in full, in order.
sub guest_tap {
	my ($out, $whole) = @_;
	my (@checks, $plan, @nums);
	for my $line (split /\n/, $out) {
		if ($line =~ /^1\.\.(\d+)\s*$/) {
			$plan //= $1;
		} elsif ($line =~ /^(not )?ok\b\s*(\d*)\s*(?:-\s*)?(.*)$/) {
			push @nums, $2;
			push @checks, [$1 ? 0 : 1, "guest $2: $3"];
		}
	}
	if ($whole) {
		push @checks, [defined $plan ? 1 : 0,
		               'the guest printed its plan' . (defined $plan ? " (1..$plan)" : '')];
		my $all = defined $plan && "@nums" eq join(' ', 1 .. $plan);
		push @checks, [$all ? 1 : 0, 'every planned guest test ran, in order'
		               . ($all ? '' : ' (ran: ' . join(',', @nums) . ')')];
	}
	return @checks;
}

# One TAP line; '#' in a description is escaped unless it starts a guest's
# SKIP or TODO directive.
sub _tap {
	my ($n, $ok, $desc) = @_;
	my $directive = $desc =~ s/\s+(#\s*(?:SKIP|TODO)\b.*)$//i ? " $1" : '';
	$desc =~ s/#/\\#/g;
	return ($ok ? 'ok' : 'not ok') . " $n - $desc$directive\n";
}

# Prints [ok, description] checks as one TAP stream, plan first; returns
# the exit status that tells prove how many failed (254 at the most).
sub tap_print {
	my @checks = @_;
	$| = 1;
	print '1..' . @checks . "\n";
	my $n = 0;
	print _tap(++$n, @$_) for @checks;
	my $failed = grep { !$_->[0] } @checks;
	return $failed > 254 ? 254 : $failed;
}

sub boot_test {
	my $failed = tap_print(evaluate(@_));
	if ($failed) {
		(my $text = _slurp($last_log)) =~ s/\r//g;
		my @tail = (split /\n/, $text)[-40 .. -1];
		print STDERR "# serial log: $last_log (last lines follow)\n";
		print STDERR map { "#   $_\n" } grep { defined } @tail;
		my $e = _slurp($last_err);
		print STDERR map { "# stderr: $_\n" } split /\n/, $e if $e ne '';
	}
	exit($failed);
}

1;
