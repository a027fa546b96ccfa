// SPDX-License-Identifier: MIT
/*
 * lbench: the Linux side of the side-by-side benchmark (docs/benchmarks.md).
 *
 * Runs as /init of an initramfs under QEMU with -icount shift=0, where the
 * time stamp counter advances by exactly one per guest instruction, so every
 * figure is a path length in instructions (user and kernel, both processes
 * of a round trip included). Method, as for the L4 side: warm up, take the
 * best of REPS repetitions of a loop, subtract the measured loop overhead.
 *
 * Output, one line each, for bench/linux/parse.pl:
 *   LBENCH kernel <uname -r>
 *   LBENCH cmdline <contents of /proc/cmdline>
 *   LBENCH info <free text>
 *   LBENCH result <name> <value> <per>     value: instructions, per: "call",
 *                                          "round trip", "page" or "fault"
 *   LBENCH done
 * then the machine powers off, which ends QEMU.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

/* Best of REPS. Each run is kept well under the timer tick's period (4 ms
 * at HZ=250, so 4M instructions at one instruction per ns): most runs
 * take no interrupt, and the best is one of those. */
#define REPS  15
#define PAGE  4096
#define NPAGE 100       /* region for prot100, unprot100, appel1, appel2 */
#define NZERO 256       /* fresh pages per demand_zero_fault repetition */

/* The memory clobber keeps the compiler from moving loads and stores
 * across the read. Under TCG the read is exact: no out-of-order slack. */
static inline uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static void die(const char *what)
{
	printf("LBENCH error %s: %s\n", what, strerror(errno));
	fflush(stdout);
	_exit(1);
}

static void result(const char *name, double value, const char *per)
{
	printf("LBENCH result %s %.0f %s\n", name, value, per);
}

/* ---- the two ways of timing ----------------------------------------------- */

static double loop_ovh;         /* per iteration of best_loop with an empty op */
static uint64_t pair_ovh;       /* two back-to-back tsc() reads */

/* Best of REPS runs of n calls of op, after one warm-up run, in
 * instructions per call with the loop's own cost taken off. noipa: the
 * compiler must not specialise this for one op (and inline it), or the
 * empty-op overhead would not be the overhead of the others. */
__attribute__((noipa)) static double best_loop(void (*op)(void), long n)
{
	uint64_t best = UINT64_MAX;
	for (int r = -1; r < REPS; r++) {
		uint64_t t0 = tsc();
		for (long i = 0; i < n; i++)
			op();
		uint64_t t = tsc() - t0;
		if (r >= 0 && t < best)         /* r == -1 is the warm-up */
			best = t;
	}
	return (double)best / n - loop_ovh;
}

/* For operations that need an untimed partner in each iteration (protect
 * needs an unprotect before it can run again): the rep function times only
 * its TIMED parts, adding them to `timed`; best of REPS after a warm-up. */
static uint64_t timed;
#define TIMED(stmt) do { uint64_t t0_ = tsc(); stmt; \
                         timed += tsc() - t0_ - pair_ovh; } while (0)

static double best_timed(void (*rep)(long), long n)
{
	uint64_t best = UINT64_MAX;
	for (int r = -1; r < REPS; r++) {
		timed = 0;
		rep(n);
		if (r >= 0 && timed < best)
			best = timed;
	}
	return (double)best / n;
}

static void empty_op(void) { }

static void calibrate(void)
{
	loop_ovh = 0;
	loop_ovh = best_loop(empty_op, 10000);
	pair_ovh = UINT64_MAX;
	for (int i = 0; i < 100; i++) {
		uint64_t t0 = tsc(), t1 = tsc();
		if (t1 - t0 < pair_ovh)
			pair_ovh = t1 - t0;
	}
	printf("LBENCH info loop overhead %.2f, tsc pair %llu instructions\n",
	       loop_ovh, (unsigned long long)pair_ovh);
}

/* ---- system calls ------------------------------------------------------- */

static void getpid_op(void) { syscall(SYS_getpid); }

/* Shared with the futex_rt partner process. */
struct shared {
	volatile uint32_t turn;         /* futex word */
	volatile uint32_t stop;
};
static struct shared *sh;

static pid_t partner(void (*body)(void))
{
	fflush(stdout);                 /* or the child prints our buffer too */
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		body();
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

/* With nothing else to run, the plain cost of the call. (With a second
 * process yielding too, CFS does not reliably switch: it keeps the yielder
 * while the other is far enough behind in virtual time. The cost of a
 * switch is in the round trips below.) */
static void yield_op(void) { sched_yield(); }

/* Round trips: the partner echoes each byte (or futex turn) back. */
static int to_child[2], to_parent[2];
static char byte;

static void echo_fd(void)
{
	while (read(to_child[0], &byte, 1) == 1)
		if (write(to_parent[1], &byte, 1) != 1)
			break;
}

/* The partner closes the ends it does not use, so that our closing the
 * write end gives it end of file. */
static void pipe_partner(void)
{
	close(to_child[1]);
	close(to_parent[0]);
	echo_fd();
}

static void pipe_rt_op(void)
{
	if (write(to_child[1], &byte, 1) != 1 || read(to_parent[0], &byte, 1) != 1)
		die("pipe round trip");
}

static void bench_pipe(void)
{
	if (pipe(to_child) || pipe(to_parent))
		die("pipe");
	pid_t pid = partner(pipe_partner);
	result("pipe_rt", best_loop(pipe_rt_op, 100), "round trip");
	close(to_child[1]);             /* EOF ends the partner */
	reap(pid);
	close(to_child[0]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/* One socketpair: the partner reads and writes its end, we ours. The
 * pipe_rt_op loop is reused with both directions on the same sockets. */
static void bench_socket(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair");
	to_child[1] = to_parent[0] = sv[0];
	to_child[0] = to_parent[1] = sv[1];
	pid_t pid = partner(echo_fd);
	result("unix_socket_rt", best_loop(pipe_rt_op, 100), "round trip");
	shutdown(sv[0], SHUT_WR);       /* EOF ends the partner */
	reap(pid);
	close(sv[0]);
	close(sv[1]);
}

/* pipe_string_rt and unix_socket_string_rt: N bytes there and back, the
 * Linux side of ipc_string_rt (bench/l4bench/string.c), through two pipes
 * and through one socket pair. The partner echoes what it reads. */
#define MAX_STRING 65536
static char string_out[MAX_STRING], string_in[MAX_STRING];
static size_t string_len;

static void echo_bytes(void)
{
	static char buf[MAX_STRING];
	for (;;) {
		ssize_t got = read(to_child[0], buf, sizeof buf);
		if (got <= 0)
			break;
		for (ssize_t done = 0; done < got; ) {
			ssize_t w = write(to_parent[1], buf + done, (size_t)(got - done));
			if (w <= 0)
				return;
			done += w;
		}
	}
}

static void pipe_bytes_partner(void)
{
	close(to_child[1]);
	close(to_parent[0]);
	echo_bytes();
}

static void string_rt_op(void)
{
	for (size_t done = 0; done < string_len; ) {
		ssize_t w = write(to_child[1], string_out + done, string_len - done);
		if (w <= 0)
			die("string write");
		done += (size_t)w;
	}
	for (size_t done = 0; done < string_len; ) {
		ssize_t got = read(to_parent[0], string_in + done, string_len - done);
		if (got <= 0)
			die("string read");
		done += (size_t)got;
	}
}

static void string_results(const char *name)
{
	static const size_t sizes[] = { 4, 256, 4096, MAX_STRING };
	for (unsigned i = 0; i < 4; i++) {
		char full[64];
		string_len = sizes[i];
		snprintf(full, sizeof full, "%s/%zu", name, string_len);
		result(full, best_loop(string_rt_op, string_len > 4096 ? 4 : 32), "round trip");
		if (memcmp(string_in, string_out, string_len))
			die("string came back changed");
	}
}

static void bench_string(void)
{
	for (unsigned i = 0; i < MAX_STRING; i++)
		string_out[i] = (char)i;
	if (pipe(to_child) || pipe(to_parent))
		die("pipe");
	pid_t pid = partner(pipe_bytes_partner);
	string_results("pipe_string_rt");
	close(to_child[1]);
	reap(pid);
	close(to_child[0]);
	close(to_parent[0]);
	close(to_parent[1]);
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair");
	to_child[1] = to_parent[0] = sv[0];
	to_child[0] = to_parent[1] = sv[1];
	pid = partner(echo_bytes);
	string_results("unix_socket_string_rt");
	shutdown(sv[0], SHUT_WR);
	reap(pid);
	close(sv[0]);
	close(sv[1]);
}

/* Shared (not private) futexes: the word lives in a MAP_SHARED page seen
 * by two processes. turn 1: the partner's move; turn 0: ours. */
static long futex(volatile uint32_t *w, int op, uint32_t val)
{
	return syscall(SYS_futex, w, op, val, NULL, NULL, 0);
}

static void futex_partner(void)
{
	for (;;) {
		while (sh->turn == 0)
			futex(&sh->turn, FUTEX_WAIT, 0);
		if (sh->stop)
			return;
		sh->turn = 0;
		futex(&sh->turn, FUTEX_WAKE, 1);
	}
}

static void futex_rt_op(void)
{
	sh->turn = 1;
	futex(&sh->turn, FUTEX_WAKE, 1);
	while (sh->turn == 1)
		futex(&sh->turn, FUTEX_WAIT, 1);
}

static void bench_futex(void)
{
	sh->turn = 0;
	sh->stop = 0;
	pid_t pid = partner(futex_partner);
	result("futex_rt", best_loop(futex_rt_op, 100), "round trip");
	sh->stop = 1;
	sh->turn = 1;
	futex(&sh->turn, FUTEX_WAKE, 1);
	reap(pid);
}

/* ---- virtual memory: the Appel & Li primitives ------------------------------ */

/* Protect means read-only (the L4 side unmaps the write right); every
 * access is a write. The handler always unprotects the faulting page;
 * for appel1 it also protects the page opened before. */
static char *region;            /* NPAGE pages, all present */
static volatile long faults;
static char *open_page;         /* appel1: the one writable page */
static int appel1_mode;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	char *p = (char *)((uintptr_t)si->si_addr & ~(uintptr_t)(PAGE - 1));
	if (p < region || p >= region + NPAGE * PAGE)
		_exit(3);               /* a real crash: do not loop on it */
	mprotect(p, PAGE, PROT_READ | PROT_WRITE);
	if (appel1_mode) {
		mprotect(open_page, PAGE, PROT_READ);
		open_page = p;
	}
	faults++;
}

static void protect(char *p, long pages, int write)
{
	if (mprotect(p, pages * PAGE, PROT_READ | (write ? PROT_WRITE : 0)))
		die("mprotect");
}

/* One page in the middle of the region: Linux splits the mapping in three
 * to protect it, and merges it back when it is unprotected. */
#define MID (region + NPAGE / 2 * PAGE)

/* trap: fault, signal delivery, the handler's unprotect, sigreturn and the
 * write done again; the protect before it is not timed. */
static void trap_rep(long n)
{
	for (long i = 0; i < n; i++) {
		protect(MID, 1, 0);
		TIMED(*(volatile char *)MID = 1);
	}
}

static void prot1_rep(long n)
{
	for (long i = 0; i < n; i++) {
		TIMED(protect(MID, 1, 0));
		protect(MID, 1, 1);
	}
}

static void prot100_rep(long n)
{
	for (long i = 0; i < n; i++) {
		TIMED(protect(region, NPAGE, 0));
		protect(region, NPAGE, 1);
	}
}

static void unprot100_rep(long n)
{
	for (long i = 0; i < n; i++) {
		protect(region, NPAGE, 0);
		TIMED(protect(region, NPAGE, 1));
	}
}

/* appel1: each write hits the next page round the region, which is
 * protected (only the page written before is open): one fault per call. */
static long appel1_next;
static void appel1_op(void)
{
	region[appel1_next * PAGE] = 1;
	appel1_next = (appel1_next + 1) % NPAGE;
}

/* appel2: protect the whole region, then write every page; each write
 * faults once and its page is unprotected. Reported per page. */
static void appel2_op(void)
{
	protect(region, NPAGE, 0);
	for (long i = 0; i < NPAGE; i++)
		((volatile char *)region)[i * PAGE] = 1;
}

/* Anonymous memory that starts on a 2 MiB boundary. Where a region lies
 * depends on address-space randomisation, and a region that straddles a
 * page-table boundary costs more to walk: aligned, every boot measures the
 * same layout. Huge pages are turned off so that each page faults and is
 * protected by itself. */
#define ALIGN (2UL << 20)
static char *map_aligned(long pages)
{
	size_t len = pages * PAGE;
	char *m = mmap(NULL, len + ALIGN, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		die("mmap");
	char *a = (char *)(((uintptr_t)m + ALIGN - 1) & ~(ALIGN - 1));
	if (a > m)
		munmap(m, a - m);
	munmap(a + len, m + ALIGN - a);
	madvise(a, len, MADV_NOHUGEPAGE);
	return a;
}

/* demand_zero_fault: the first write to each page of a fresh anonymous
 * mapping (the kernel allocates and zeroes a frame). The same writes once
 * the pages are present are timed too and taken off: what is left is the
 * fault. */
static void zero_rep(long n)
{
	for (long r = 0; r < n; r++) {
		char *m = map_aligned(NZERO);
		uint64_t t0 = tsc();
		for (long i = 0; i < NZERO; i++)
			((volatile char *)m)[i * PAGE] = 1;
		uint64_t t1 = tsc();
		for (long i = 0; i < NZERO; i++)
			((volatile char *)m)[i * PAGE] = 2;
		uint64_t t2 = tsc();
		timed += (t1 - t0) - (t2 - t1);
		munmap(m, NZERO * PAGE);
	}
}

static void check_faults(const char *name, long f0, long per_run)
{
	if (faults - f0 != per_run * (REPS + 1))
		printf("LBENCH error %s: %ld faults, expected %ld\n",
		       name, faults - f0, per_run * (REPS + 1));
}

static void bench_vm(void)
{
	region = map_aligned(NPAGE);
	memset(region, 1, NPAGE * PAGE);        /* all present: no demand faults */

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL))
		die("sigaction");

	/* Each figure is checked against the faults it should have taken (all
	 * runs, the warm-up too): a write that did not fault would make a
	 * figure silently too small. */
	long f0 = faults;
	result("trap", best_timed(trap_rep, 100), "fault");
	check_faults("trap", f0, 100);
	result("prot1", best_timed(prot1_rep, 100), "call");
	result("prot100", best_timed(prot100_rep, 50), "call");
	result("unprot100", best_timed(unprot100_rep, 50), "call");

	protect(region, NPAGE, 0);
	open_page = region + (NPAGE - 1) * PAGE;
	protect(open_page, 1, 1);
	appel1_next = 0;
	appel1_mode = 1;
	f0 = faults;
	result("appel1", best_loop(appel1_op, 100), "fault");
	check_faults("appel1", f0, 100);
	appel1_mode = 0;
	protect(region, NPAGE, 1);

	f0 = faults;
	result("appel2", best_loop(appel2_op, 1) / NPAGE, "page");
	check_faults("appel2", f0, NPAGE);

	result("demand_zero_fault", best_timed(zero_rep, 1) / NZERO, "page");
}

/* ---- the machine around it ---------------------------------------------- */

static void print_file_line(const char *tag, const char *path)
{
	char buf[512] = "";
	FILE *f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, sizeof buf, f))
			buf[0] = 0;
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = 0;
	printf("LBENCH %s%s\n", tag, buf);
}

static void describe(void)
{
	struct utsname u;
	uname(&u);
	printf("LBENCH kernel %s\n", u.release);
	print_file_line("cmdline ", "/proc/cmdline");
	printf("LBENCH info version %s\n", u.version);
	/* The CPU model QEMU shows decides which mitigations the kernel turns
	 * on (page-table isolation, for one, doubles a system call's work). */
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "model name", 10)) {
			printf("LBENCH info cpu %s", strchr(line, ':') + 2);
			break;
		}
	if (f)
		fclose(f);
	static const char *const vuln[] = { "meltdown", "spectre_v1", "spectre_v2" };
	for (unsigned i = 0; i < sizeof vuln / sizeof vuln[0]; i++) {
		char path[96], tag[48];
		snprintf(path, sizeof path, "/sys/devices/system/cpu/vulnerabilities/%s", vuln[i]);
		snprintf(tag, sizeof tag, "info %s: ", vuln[i]);
		print_file_line(tag, path);
	}
}

static void run_all(void)
{
	sh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap shared");
	describe();
	calibrate();
	result("getpid", best_loop(getpid_op, 1000), "call");
	result("sched_yield", best_loop(yield_op, 1000), "call");
	bench_pipe();
	bench_futex();
	bench_socket();
	bench_string();
	bench_vm();
	printf("LBENCH done\n");
	fflush(stdout);
}

/* As PID 1: set up a console and the pseudo file systems, run the
 * benchmarks in a child (a crash there must not take init, and so the
 * kernel, down with it), then power off so that QEMU exits. */
int main(void)
{
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	int fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/proc", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/sys", 0755);
	mount("sysfs", "/sys", "sysfs", 0, NULL);

	pid_t pid = fork();
	if (pid == 0) {
		run_all();
		_exit(0);
	}
	int st = 0;
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		printf("LBENCH error benchmark process ended with status %#x\n", st);
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
