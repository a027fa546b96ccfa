// SPDX-License-Identifier: MIT
/*
 * prog: one program for the loader's boot tests (test/boot/loader.t,
 * names.t), started several times under different names; its arguments
 * (l4/loader.h, L4_Loader_Args) say what it does:
 *   exit N        prints its arguments and returns N from main
 *   ud2           reports ready, then executes an invalid opcode
 *   fault         reports ready, then reads where nothing is mapped
 *   silent MS     never reports ready; exits 0 after MS milliseconds
 *   bss           touches 1.5 MiB of bss (more than the loader's old
 *                 fixed pool), checks it reads as zero, exits 0
 *   server NAME   registers NAME and serves: label 1 answers MR1 + 1,
 *                 label 2 makes it exit 0, anything else an error
 *   names SERVER  the name service's tests, in TAP (names.c in the
 *                 loader): exits with the number that failed
 *   threads [crash]  two threads of its own (l4/process.h, made by the
 *                 loader: it is not privileged) serve calls, one gets a
 *                 name, one is deleted; exits with the number of checks
 *                 that failed, or with crash, a thread executes ud2
 *   spawn SERVER  the process requests' tests, in TAP (start another
 *                 copy of "exiter", wait, kill; SERVER: a program that is
 *                 not its child): exits with the number that failed
 */
#include <l4/ipc.h>
#include <l4/loader.h>
#include <l4/process.h>
#include <l4/thread.h>
#include <stdio.h>
#include <string.h>

#define BSS_BYTES (1536 * 1024)

static unsigned char big[BSS_BYTES];

static unsigned number(const char *s)
{
	unsigned v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned)(*s++ - '0');
	return v;
}

static int run_bss(void)
{
	unsigned nonzero = 0;
	for (unsigned i = 0; i < BSS_BYTES; i += 512)
		nonzero += big[i] != 0;
	for (unsigned i = 0; i < BSS_BYTES; i += 4096)
		big[i] = (unsigned char)(i >> 12);
	unsigned wrong = 0;
	for (unsigned i = 0; i < BSS_BYTES; i += 4096)
		wrong += big[i] != (unsigned char)(i >> 12);
	printf("bss: %u KiB of bss: %s\n", BSS_BYTES / 1024,
	       nonzero || wrong ? "WRONG" : "zero at first, then as written");
	L4_Loader_Ready();
	return nonzero || wrong;
}

static int run_server(const char *name)
{
	L4_Word_t err = L4_Name_Register(name, L4_Myself());
	printf("server: %lx registered \"%s\": error %lu, pager %lx\n",
	       (unsigned long)L4_Myself().raw, name, (unsigned long)err,
	       (unsigned long)L4_Pager().raw);
	L4_Loader_Ready();
	if (err)
		return 1;
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t w = 0;
		L4_StoreMR(1, &w);
		if (L4_IpcFailed(tag)) {
			tag = L4_Wait(&from);
			continue;
		}
		if (L4_Label(tag) == 2) {
			printf("server: asked to end\n");
			return 0;
		}
		if (L4_Label(tag) == 1 && L4_UntypedWords(tag) == 1) {
			L4_LoadMR(1, w + 1);
			L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
		} else {
			L4_LoadMR(1, 0);
			L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = 0xE } });
		}
		tag = L4_ReplyWait(from, &from);
	}
}

static unsigned num, failed;

static void check(bool ok, const char *what)
{
	failed += !ok;
	printf("%s %u - %s\n", ok ? "ok" : "not ok", ++num, what);
}

/* A raw request to the loader with label and words; the reply's tag. */
static L4_MsgTag_t raw_request(L4_Word_t label, unsigned u, L4_Word_t w1, L4_Word_t w2)
{
	L4_LoadMR(1, w1);
	L4_LoadMR(2, w2);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = u, .label = label } });
	return L4_Call_Timeouts(L4_Loader(), L4_TimePeriod(2000000), L4_TimePeriod(2000000));
}

static bool refused_with(L4_MsgTag_t tag, L4_Word_t err)
{
	L4_Word_t got = 0;
	L4_StoreMR(1, &got);
	return L4_IpcSucceeded(tag) && L4_Label(tag) == L4_LOADER_ERROR && got == err;
}

static int run_names(const char *server)
{
	L4_ThreadId_t me = L4_Myself(), t, srv;
	printf("1..12\n");
	check(L4_Name_Register("alpha", me) == 0, "register: a new name");
	check(L4_Name_Lookup("alpha", &t) == 0 && t.raw == me.raw, "lookup: the name gives its thread");
	check(L4_Name_Register("alpha", me) == L4_LOADER_ERR_EXISTS,
	      "duplicate: a taken name is refused, the first stays");
	check(L4_Name_Lookup("no-such-name", &t) == L4_LOADER_ERR_UNKNOWN && L4_IsNilThread(t),
	      "unknown: a name nobody registered is an error reply");
	check(L4_Name_Register("sigma0", L4_GlobalId(L4_ThreadNo(L4_Pager()) + 1, 1)) ==
	      L4_LOADER_ERR_NOT_YOURS, "register: another space's thread is refused");
	check(refused_with(raw_request(L4_NAME_LOOKUP, 2, 40, 0), L4_LOADER_ERR_MALFORMED),
	      "malformed: a lookup whose length and words disagree is an error reply");
	check(refused_with(raw_request(0x1234, 0, 0, 0), L4_LOADER_ERR_LABEL),
	      "unknown request: an error reply, not silence");
	char args[64];
	check(L4_Loader_Args(args, sizeof args) > 0 && !strncmp(args, "names ", 6),
	      "args: the words after -- in the boot configuration");
	bool found = L4_Name_Wait(server, &srv, 3000) == 0;
	check(found, "lookup: a server registered by another program");
	L4_LoadMR(1, 41);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = 1 } });
	L4_MsgTag_t tag = L4_Call_Timeouts(srv, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
	L4_Word_t answer = 0;
	L4_StoreMR(1, &answer);
	check(found && L4_IpcSucceeded(tag) && answer == 42, "call: the server found by name answers");
	/* It ends; its name goes with it. */
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = 2 } });
	L4_Send_Timeout(srv, L4_TimePeriod(1000000));
	L4_Word_t err = 0;
	for (unsigned ms = 0; ms < 3000; ms += 10) {
		if ((err = L4_Name_Lookup(server, &t)) == L4_LOADER_ERR_UNKNOWN)
			break;
		L4_Sleep(L4_TimePeriod(10000));
	}
	check(err == L4_LOADER_ERR_UNKNOWN, "a server that ended: its name is unknown");
	check(L4_Name_Register(server, me) == 0, "its name can be taken again");
	return (int)failed;
}

static void worker(void)
{
	L4_ThreadId_t from;
	L4_MsgTag_t tag = L4_Wait(&from);
	for (;;) {
		L4_Word_t w = 0;
		L4_StoreMR(1, &w);
		if (L4_IpcSucceeded(tag) && L4_Label(tag) == 3)
			__asm__ volatile("ud2");
		L4_LoadMR(1, w * 2);
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
		tag = L4_IpcSucceeded(tag) ? L4_ReplyWait(from, &from) : L4_Wait(&from);
	}
}

static bool doubled(L4_ThreadId_t t, L4_Word_t w)
{
	L4_LoadMR(1, w);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = 1 } });
	L4_MsgTag_t tag = L4_Call_Timeouts(t, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
	L4_Word_t r = 0;
	L4_StoreMR(1, &r);
	return L4_IpcSucceeded(tag) && r == 2 * w;
}

/* No TAP here: a copy that a test started prints beside the test's own. */
static int run_threads(bool crash)
{
	L4_ThreadId_t a = L4_StartThread(worker), b = L4_StartThread(worker), t;
	unsigned bad = 0;
	bad += L4_IsNilThread(a) || L4_IsNilThread(b) || a.raw == b.raw;
	bad += !doubled(a, 21) || !doubled(b, 5);
	bad += L4_Name_Register("worker", a) != 0 || L4_Name_Lookup("worker", &t) != 0 ||
	       t.raw != a.raw;
	bad += !L4_DeleteThread(b);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 0, .label = 1 } });
	bad += L4_IpcSucceeded(L4_Call_Timeouts(b, L4_TimePeriod(100000), L4_TimePeriod(100000)));
	bad += !doubled(a, 7);
	printf("threads: two threads made, called, named, one deleted: %u wrong\n", bad);
	if (crash) {
		L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = 3 } });
		L4_Call_Timeouts(a, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
		printf("threads: WRONG: alive after its thread crashed\n");
	}
	return (int)bad;
}

static int run_spawn(const char *server)
{
	L4_ThreadId_t t = L4_nilthread, u = L4_nilthread, srv;
	L4_Word_t status = 0;
	L4_Time_t second = L4_TimePeriod(5000000);
	printf("1..13\n");
	check(L4_Loader_Start("exiter", "exit 9", &t) == 0 && !L4_IsNilThread(t),
	      "start: another copy of a boot program, with arguments");
	check(L4_Loader_Wait(t, second, &status) == 0 && status == 9, "wait: its exit status");
	status = 0;
	check(L4_Loader_Wait(t, second, &status) == 0 && status == 9,
	      "wait for one that has ended: its status at once");
	check(L4_Loader_Start("exiter", "silent 600000", &u) == 0, "start one that does not end");
	check(L4_Loader_Kill(u) == 0, "kill: its parent ends it");
	check(L4_Loader_Wait(u, second, &status) == 0 && status == L4_LOADER_DIED,
	      "wait: a killed program did not exit");
	check(L4_Loader_Start("exiter", "ud2", &t) == 0 &&
	      L4_Loader_Wait(t, second, &status) == 0 && status == L4_LOADER_DIED,
	      "wait: a program that crashed did not exit");
	check(L4_Loader_Start("no-such-program", "", &t) == L4_LOADER_ERR_UNKNOWN,
	      "start: an unknown program is an error reply");
	check(L4_Loader_Kill(L4_Loader()) == L4_LOADER_ERR_UNKNOWN,
	      "kill: a thread that is no program is an error reply");
	check(L4_Loader_Start("exiter", "threads", &t) == 0 &&
	      L4_Loader_Wait(t, second, &status) == 0 && status == 0,
	      "threads: an unprivileged program makes, calls and deletes threads of its own");
	check(L4_Loader_Start("exiter", "threads crash", &t) == 0 &&
	      L4_Loader_Wait(t, second, &status) == 0 && status == L4_LOADER_DIED,
	      "threads: one of its threads crashes: the program dies, reported");
	check(L4_Name_Wait(server, &srv, 3000) == 0 && L4_Loader_Kill(srv) == L4_LOADER_ERR_NOT_YOURS,
	      "kill: a program that is not one's child is refused");
	check(L4_Name_Lookup(server, &t) == 0 && t.raw == srv.raw, "... and goes on");
	return (int)failed;
}

int main(void)
{
	char args[L4_LOADER_ARGS_MAX + 1];
	if (L4_Loader_Args(args, sizeof args) < 0) {
		printf("prog: no arguments from the loader\n");
		return 2;
	}
	char *rest = strchr(args, ' ');
	rest = rest ? rest + 1 : args + strlen(args);
	if (!strncmp(args, "exit", 4)) {
		printf("exiter: arguments \"%s\"\n", args);
		return (int)number(rest);
	}
	if (!strcmp(args, "ud2")) {
		L4_Loader_Ready();
		__asm__ volatile("ud2");
	}
	if (!strcmp(args, "fault")) {
		L4_Loader_Ready();
		return (int)*(volatile unsigned *)0x30000000UL;
	}
	if (!strncmp(args, "silent", 6)) {
		L4_Sleep(L4_TimePeriod((L4_Word_t)number(rest) * 1000));
		return 0;
	}
	if (!strcmp(args, "bss"))
		return run_bss();
	if (!strncmp(args, "server ", 7))
		return run_server(rest);
	if (!strncmp(args, "names ", 6))
		return run_names(rest);
	if (!strcmp(args, "threads") || !strcmp(args, "threads crash"))
		return run_threads(!strcmp(args, "threads crash"));
	if (!strncmp(args, "spawn ", 6))
		return run_spawn(rest);
	printf("prog: unknown arguments \"%s\"\n", args);
	return 2;
}
