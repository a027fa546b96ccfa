#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# bench_smoke.t: the benchmark root task (make bench) in its smoke build,
# 4 operations a loop, without icount: every figure's BENCH line appears
# once, well formed, and the run ends with success. No figure is judged
# (benchmarks are not tests, /work/shared/BENCHMARKING.md).
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/../lib"; use BootTest;

my $num = qr/\d+\.\d/;
my $count = qr/\d+\.\d\d/;
sub line {
	my ($name, $words) = @_;
	my $w = defined $words ? " words=$words" : '';
	return qr/^BENCH name=$name$w value=$num per=\S+ ops=\d+ overhead=$num cr3=$count seg=$count fastpath=$count slowpath=$count(?: \S+=\S+)*$/m;
}
my @names = qw(syscall_system_clock syscall_thread_switch_nil syscall_ipc_nil null_syscall
               thread_switch pagefault_rt map_page unmap_page first_fault_4m pipe_rt
               trap prot1 prot100 unprot100 appel1 appel2 irq_to_user);
my @series = qw(ipc_intra_as_rt ipc_inter_as_rt ipc_small_large_rt ipc_small_small_rt
                ipc_inter_as_iret_rt);
my @string_sizes = (4, 256, 4096, 65536);
my $lines = @names + 64 * @series + @string_sizes;
boot_test(modules => ['build/sigma0/sigma0', 'build/bench/l4bench-smoke'],
          expect => 'pass', tap => 0, timeout => 60,
          require => [qr/^BENCH-BEGIN reps=\d+ smoke=1$/m,
                      (map { line($_) } @names),
                      (map { my $s = $_; map { line($s, $_) } 0 .. 63 } @series),
                      (map { qr/^BENCH name=ipc_string_rt value=$num per=round_trip ops=\d+ overhead=$num cr3=$count seg=$count fastpath=$count slowpath=$count bytes=$_ per_kib=\d+$/m } @string_sizes),
                      qr/^BENCH-END lines=$lines status=ok$/m],
          forbid => [qr/^bench: /m]);
