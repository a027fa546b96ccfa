#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# kdb.t: the kernel debugger, driven over COM1 (test/lib/KdbSession.pm).
# The test task (test/kdb/main.c) sets up known state and enters kdb with
# L4_KDB_Enter; every command's output is checked against that state: a
# thread blocked sending to another, the receiver's send queue, a child
# space's read-only page mapped from us (its mappings, its memory, the
# frame's mapping tree), the KIP, the interrupt lines, the counters. Then
# a breakpoint on a user instruction stops the task there and a single
# step moves it to the next one; the IPC trace records the calls in
# between (fast and general path); the break key stops the task while it
# spins; after each continue the other threads' states are as they were,
# and the task's own checks (TAP) say the system ran on unchanged. An
# unprivileged task's KDB_Enter and KDB_Exit were refused before.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib";
use BootTest; use KdbSession;

my @checks;
sub check($$) { push @checks, [$_[0] ? 1 : 0, $_[1]] }
sub nv { my $id = hex $_[0]; return ($id >> 14) . '.' . ($id & 0x3FFF) }
sub finish_and_report {
	my ($k) = @_;
	my ($status, $all) = $k->finish;
	check(defined $status && $status == 1, 'QEMU exit status 1 (success)'
	      . (defined $status ? " (got $status)" : ' (killed)'));
	check($all =~ /^exit: success$/m, 'the kernel said "exit: success"');
	check($all !~ /PANIC/, 'no panic');
	push @checks, guest_tap($all, 1);
	my $failed = tap_print(@checks);
	if ($failed) {
		my @tail = (split /\n/, $all)[-60 .. -1];
		print STDERR "# serial log: $k->{log} (last lines follow)\n";
		print STDERR map { "#   $_\n" } grep { defined } @tail;
	}
	exit $failed;
}

my $k = KdbSession->new(modules => ['build/sigma0/sigma0', 'build/test/kdb/kdbtest'],
                        args => 'kdb=exceptions', timeout => 240);
my $pre = $k->expect(qr/^kdbtest: shared .* small_counter (\w+)\n/m);
check(defined $pre, 'the test task printed its state');
finish_and_report($k) unless defined $pre;
my ($shared, $bp_here, $bp_next, $watched, $filter, $counter) = map { sprintf '%08x', hex }
	$pre =~ /shared (\w+) bp_here (\w+) bp_next (\w+) watched (\w+) filter_here (\w+) small_counter (\w+)/;
my %id;
@id{qw(root sink sender child echo tracer pager small)} =
	$pre =~ /kdbtest: root (\w+) sink (\w+) sender (\w+) child (\w+) echo (\w+) tracer (\w+) pager (\w+) small (\w+)/;
my %n = map { $_ => nv($id{$_}) } keys %id;
my %hex = map { $_ => sprintf '%08x', hex $id{$_} } keys %id;

# Before: the unprivileged task's calls were refused and kdb not entered.
check($pre =~ /^kdb: enter by thread \w+: ".*" \(refused to an unprivileged thread; continuing\)$/m,
      'an unprivileged KDB_Enter is refused and the task goes on');
check($pre =~ /^kdb: operation 16 refused to unprivileged thread \w+$/m,
      'an unprivileged KDB_Exit is refused');
check($pre !~ /--- kdb:/, 'kdb was not entered before the test task entered it');

my $banner = $k->expect(qr/kdb> \z/);
check(defined $banner && $banner =~ /--- kdb: L4_KDB_Enter, thread \Q$n{root}\E \($hex{root}\), user ip/,
      'L4_KDB_Enter of the privileged task enters kdb');

my $help = $k->cmd('help') // '';
check(!grep({ $help !~ /^  \Q$_\E\b/m } qw(help threads tcb regs sendq spaces maps frame mem umem
                                          kip irqs counters trace bp step continue halt exit)),
      'help lists every command');

my $threads = $k->cmd('threads') // '';
my ($sender_line) = $threads =~ /^( \Q$n{sender}\E .*)$/m;
my ($sink_line) = $threads =~ /^( \Q$n{sink}\E .*)$/m;
my ($child_line) = $threads =~ /^( \Q$n{child}\E .*)$/m;
check(($sender_line // '') =~ /^ \Q$n{sender}\E\s+$hex{sender} send to \Q$n{sink}\E\s/,
      'threads: the sender is blocked sending to the sink');
check(($sink_line // '') =~ /recv from \Q$n{root}\E\s/, 'threads: the sink receives from the task only');
check($threads =~ /^\*\Q$n{root}\E\s+$hex{root} running\s+50 /m,
      'threads: the task is the current thread, running, at its priority');
check(($child_line // '') =~ /recv from \Q$n{root}\E\s+100 \w+ \Q$n{tracer}\E|recv from \Q$n{root}\E/,
      'threads: the child waits for the task');

my $tcb = $k->cmd("tcb $n{sender}") // '';
check($tcb =~ /^  state send to \Q$n{sink}\E$/m && $tcb =~ /^  user registers:$/m &&
      $tcb =~ /^  eip [0-9a-f]{8}  eflags/m, 'tcb: the sender\'s state and registers');
my $sendq = $k->cmd("sendq $n{sink}") // '';
check($sendq =~ /^  0: \Q$n{sender}\E \($hex{sender}\) send$/m && $sendq !~ /^  1:/m,
      'sendq: the sink\'s send queue holds the sender alone');

my $spaces = $k->cmd('spaces') // '';
my ($root_space) = $spaces =~ /^space (\w+)  threads \d+:.* \Q$n{root}\E\b/m;
my ($child_space) = $spaces =~ /^space (\w+)  threads 1: \Q$n{child}\E$/m;
check(defined $root_space && defined $child_space, 'spaces: the task\'s space and the child\'s');
check($spaces =~ /^space \Q$root_space\E .*\n.*\n    privileged  kernel memory.*\n    I\/O ports \(2\): 70-71$/m,
      'spaces: the task\'s space is privileged and holds ports 70-71') if defined $root_space;

my ($small_space) = $spaces =~ /^space (\w+)  threads 1: \Q$n{small}\E\n    small space \d+: slot [0-9a-f]{8}, 16384 KiB$/m;
check(defined $small_space, 'spaces: the small child\'s space, its slot and size');
check(($k->cmd("maps $n{small}") // '') =~ /^  $shared-[0-9a-f]{8} -> \w+ rwx from \Q$root_space\E \(\Q$n{root}\E\) at $shared$/m,
      'maps: the small space\'s page of the task\'s data');
check(($k->cmd("umem $n{small} $shared 2") // '') =~ /^  $shared: c0ffee01 c0ffee02$/m,
      'umem: memory of the small space');
my $maps = $k->cmd("maps $n{child}") // '';
my ($pa) = $maps =~ /^  30000000-30000fff -> (\w+) r-x from \Q$root_space\E \(\Q$n{root}\E\) at $shared$/m;
check(defined $pa, 'maps: the child\'s page at 30000000, read-only, from the task\'s page');
check($maps =~ /^  bff00000-bff00fff -> \w+ r-x kernel: KIP$/m, 'maps: the KIP, read-only');
my $umem = $k->cmd("umem $n{child} 30000000 4") // '';
check($umem =~ /^  30000000: c0ffee01 c0ffee02 c0ffee03 c0ffee04$/m, 'umem: the child\'s view of the page');
my $frame = $k->cmd('frame ' . ($pa // '0')) // '';
check($frame =~ /^(  +)\Q$root_space\E \(\Q$n{root}\E\) at $shared rw.\n(?:\1  .*\n)*\1  \Q$child_space\E \(\Q$n{child}\E\) at 30000000 r-x$/m,
      'frame: the child\'s mapping derived from the task\'s');
my ($tcb_addr) = $tcb =~ /tcb 0x(\w+)/;
my $mem = $k->cmd('mem ' . ($tcb_addr // '0') . ' 4') // '';
check($mem =~ /^  $tcb_addr: $hex{sender} /m, 'mem: the sender\'s TCB starts with its global id')
	if defined $tcb_addr;
check(($k->cmd('kip') // '') =~ /^  000 magic\s+4be6344c/m, 'kip: the magic word');
my $irqs = $k->cmd('irqs') // '';
check($irqs =~ /^\s+0  kernel \(timer\)\s+no\s+no\s+no\s+[1-9]\d*$/m, 'irqs: the timer line, taken');
check($irqs =~ /^\s+8  \Q$n{sink}\E\s+no\s+no\s+no\s+0$/m, 'irqs: IRQ 8, its handler the sink, open, quiet');
check($irqs =~ /^\s+9  none\s+yes\s+no\s+no\s+0$/m, 'irqs: IRQ 9, no handler, masked');
check(($k->cmd('counters') // '') =~ /^  ipc general path\s+[1-9]/m, 'counters: IPCs counted');

my $bp = $k->cmd("bp 0 x $bp_here $n{root}") // '';
check($bp =~ /^  bp 0: execute, 1 byte at $bp_here in space 0x\Q$root_space\E$/m, 'bp: set on the task\'s instruction');
check(($k->cmd("bp 3 x $filter $n{child}") // '') =~ /^  bp 3: execute, 1 byte at $filter in space 0x\Q$child_space\E$/m,
      'bp: a breakpoint on code the task shares, for the child only');
check(($k->cmd('trace on') // '') =~ /^IPC trace on/m, 'trace on');
$k->key("c\r");
my $hit = $k->expect(qr/kdb> \z/) // '';
check($hit =~ /^ok 3 - calls to the echo thread and a page fault/m, 'continue: the task ran on');
check($hit =~ /--- kdb: breakpoint 0 \(execute at $bp_here\), thread \Q$n{root}\E \($hex{root}\), user ip $bp_here /,
      'the breakpoint stops the task at its address');
check(($k->cmd('regs') // '') =~ /^  eip $bp_here  eflags/m, 'regs: the IP is the breakpoint\'s');
$k->key("step\r");
my $step = $k->expect(qr/kdb> \z/) // '';
check($step =~ /--- kdb: single step, thread \Q$n{root}\E \($hex{root}\), user ip $bp_next /,
      'a single step moves the task to the next instruction');
$k->cmd('bp 0 clear');
my $bps = $k->cmd('bp') // '';
check($bps !~ /bp 0:/ && $bps =~ /^  bp 3: /m, 'bp: 0 cleared, 3 still set');
my $trace = $k->cmd('trace 40') // '';
check($trace =~ /^\s+\d+\s+\d+ \Q$n{tracer}\E\s+\Q$n{echo}\E\s+7e570001 fast/m,
      'trace: the tracer\'s calls to the echo thread, by the fast path');
check($trace =~ /^\s+\d+\s+\d+ \Q$n{echo}\E\s+\Q$n{tracer}\E\s+7e580001 (fast|general)/m,
      'trace: the echo thread\'s replies');
check($trace =~ /^\s+\d+\s+\d+ \Q$n{root}\E\s+\Q$n{tracer}\E\s+00000000 general/m,
      'trace: the task\'s go to the tracer, by the general path');
check($trace =~ /^\s+\d+\s+\d+ \Q$n{child}\E\s+\Q$n{pager}\E\s+ffe40002 fault addr 30001000 ip [0-9a-f]{8}$/m,
      'trace: the child\'s page fault, to its pager');
check(($k->cmd('trace off') // '') =~ /^IPC trace off/m, 'trace off');
check(($k->cmd("bp 2 w $watched 4 $n{root}") // '') =~ /^  bp 2: write, 4 bytes at $watched in space/m,
      'bp: a write breakpoint on a variable of the task');

$k->key("c\r");
my $wr = $k->expect(qr/kdb> \z/) // '';
check($wr =~ /^ok 4 - /m, 'continue: the task ran on after the step');
check($wr =~ /--- kdb: breakpoint 2 \(write at $watched\), thread \Q$n{root}\E \($hex{root}\), user ip /,
      'the write breakpoint stops the task after it wrote the variable');
check(($k->cmd("umem $n{root} $watched 1") // '') =~ /^  $watched: 5a5a5a5a$/m,
      'umem: the value written');
$k->cmd('bp 2 clear');
$k->key("c\r");
my $f1 = $k->expect(qr/kdb> \z/) // '';
check($f1 =~ /--- kdb: breakpoint 3 \(execute at $filter\), thread \Q$n{child}\E \(\w+\), user ip $filter / &&
      $f1 !~ /thread \Q$n{root}\E/, 'the shared code stops the child, not the task that ran it first');
check(($k->cmd("bp 3 x $filter $n{small}") // '') =~ /^kdb: no execute breakpoints in a small space/m,
      'bp: an execute breakpoint in a small space is refused (QEMU would lose it)');
check(($k->cmd("bp 3 w $counter 4 $n{small}") // '') =~ /^  bp 3: write, 4 bytes at $counter in space 0x\Q$small_space\E$/m,
      'bp: a write breakpoint in the small space');
$k->key("c\r");
my $f2 = $k->expect(qr/kdb> \z/) // '';
check($f2 =~ /--- kdb: breakpoint 3 \(write at $counter\), thread \Q$n{small}\E \(\w+\), user ip [0-9a-f]{8} /,
      'it stops the small space\'s thread when it writes there');
$k->cmd('bp 3 clear');
$k->key("c\r");
my $spin = $k->expect(qr/^kdbtest: spinning\n/m);
check(defined $spin && $spin =~ /^ok 5 - /m, 'continue: the task ran on');
$k->key("\e");
my $brk = $k->expect(qr/kdb> \z/) // '';
check($brk =~ /--- kdb: break key, thread \Q$n{root}\E \($hex{root}\), user ip [0-9a-f]{8} /,
      'the break key stops the spinning task in user mode');
my $again = $k->cmd('threads') // '';
for my $t (qw(sender sink child)) {
	my ($line) = $again =~ /^( \Q$n{$t}\E .*)$/m;
	my $before = { sender => $sender_line, sink => $sink_line, child => $child_line }->{$t};
	check(defined $line && defined $before && $line eq $before,
	      "threads: the $t as it was at the first entry");
}
$k->key("c\r");
my $pre_ud2 = $k->expect(qr/^kdbtest: ud2_here (\w+)\n/m) // '';
my ($ud2) = map { sprintf '%08x', hex } $pre_ud2 =~ /ud2_here (\w+)/;
$ud2 //= 'none';
my $exc = $k->expect(qr/kdb> \z/) // '';
check($exc =~ /--- kdb: exception, and no exception handler, thread [\d.]+ \(\w+\), user ip $ud2 /,
      'kdb=exceptions: an invalid opcode nobody handles enters kdb at the instruction');
# A breakpoint in the kernel: the function that stops the thread next.
my ($stop_fn) = map { /^(\w+) T thread_stop_faulted$/ ? $1 : () } `nm build/kernel.elf`;
$stop_fn //= 'none';
check(($k->cmd("bp 1 x $stop_fn") // '') =~ /^  bp 1: execute, 1 byte at $stop_fn <thread_stop_faulted\+0x0> \(kernel\)$/m,
      'bp: an execute breakpoint on a kernel function, by its symbol');
$k->key("c\r");
my $kbp = $k->expect(qr/kdb> \z/) // '';
check($kbp =~ /--- kdb: breakpoint 1 \(execute at $stop_fn\), thread [\d.]+ \(\w+\), kernel ip $stop_fn <thread_stop_faulted\+0x0> ---/,
      'the kernel breakpoint stops the kernel at the function');
my $kwhere = $k->cmd('where') // '';
check($kwhere =~ /^backtrace:$/m && $kwhere =~ /\bexception_ipc\+0x/m,
      'where: the kernel backtrace from the breakpoint');
$k->cmd('bp 1 clear');
$k->key("c\r");
my $rest = $k->expect(qr/^(not )?ok 7 - /m);
check(defined $rest && $rest =~ /^kernel: thread \w+ stopped: exception, and no exception handler at [0-9a-fx]+ \(ip 0x0*\Q${\ (sprintf '%x', hex $ud2)}\E\)$/m,
      'continue: the faulting thread is stopped as before, and the task goes on');
finish_and_report($k);
