// SPDX-License-Identifier: MIT
/*
 * tests_console.c: the serial driver (servers/driver/serial.c) through its
 * console protocol, as a client. They run when the driver is a boot module
 * (test/boot/serial_driver.t gives it a COM2 whose input is
 * test/data/console_input.txt and whose output the host checks);
 * otherwise they are reported as skipped.
 */
#include "util.h"
#include "suite.h"
#include <l4/console.h>
#include <string.h>

#define FLOOD_LINES  300
static const char flood_text[] =
	"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static L4_ThreadId_t driver;

static bool test_write(void)
{
	static const char hello[] = "console: hello from the root task, through the driver\n";
	EXPECT(console_send(driver, hello, sizeof hello - 1));
	/* More than the transmit ring holds at once, in many requests. */
	char line[100];
	for (unsigned i = 0; i < 100; i++) {
		snprintf(line, sizeof line, "console: out %03u %s\n", i, flood_text);
		EXPECT(console_send(driver, line, (unsigned)strlen(line)));
	}
	EXPECT(console_send(driver, "console: end of output\n", 23));
	return true;
}

static bool test_read_lines(void)
{
	char buf[CONSOLE_MAX_BYTES + 1], want[100];
	L4_Word_t err = 0, irqs = L4_KDB_Counter(L4_KDB_COUNTER_IRQ_DELIVERED);
	int n = console_read(driver, buf, L4_TimePeriod(2000000), &err);
	if (n < 0 || strcmp(buf, "hello from the host\n") != 0)
		printf("# first line: got \"%s\" (%d), ErrorCode %lu\n", n < 0 ? "" : buf, n, err);
	EXPECT(n > 0 && strcmp(buf, "hello from the host\n") == 0);
	/* A flood: more than the driver's receive ring; nothing may be lost. */
	for (unsigned i = 0; i < FLOOD_LINES; i++) {
		snprintf(want, sizeof want, "flood %03u %s\n", i, flood_text);
		n = console_read(driver, buf, L4_TimePeriod(2000000), &err);
		if (n < 0 || strcmp(buf, want) != 0) {
			printf("# line %u: got \"%s\" (%d), ErrorCode %lu\n", i, n < 0 ? "" : buf, n, err);
			return false;
		}
	}
	EXPECT(console_read(driver, buf, L4_TimePeriod(2000000), &err) > 0);
	EXPECT(strcmp(buf, "end of input\n") == 0);
	printf("# %u lines read; %lu interrupts delivered meanwhile\n", FLOOD_LINES + 2,
	       L4_KDB_Counter(L4_KDB_COUNTER_IRQ_DELIVERED) - irqs);
	return true;
}

static bool test_read_timeout(void)
{
	char buf[CONSOLE_MAX_BYTES + 1];
	L4_Word_t err = 0;
	EXPECT_EQ(console_read(driver, buf, L4_TimePeriod(50000), &err), -1);
	EXPECT_EQ(err, ERR_RECV(1));
	/* The driver goes on serving. */
	EXPECT(console_send(driver, "console: after a timeout\n", 25));
	return true;
}

static bool test_malformed(void)
{
	L4_Word_t why = 0;
	/* An unknown request. */
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .label = 0x7777 } });
	L4_MsgTag_t tag = L4_Call_Timeouts(driver, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
	L4_StoreMR(1, &why);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(L4_Label(tag), CONSOLE_ERROR);
	EXPECT_EQ(why, CONSOLE_ERR_LABEL);
	/* A write whose count does not match its words. */
	L4_LoadMR(1, 1000);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = CONSOLE_WRITE } });
	tag = L4_Call_Timeouts(driver, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
	L4_StoreMR(1, &why);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(L4_Label(tag), CONSOLE_ERROR);
	EXPECT_EQ(why, CONSOLE_ERR_LENGTH);
	/* A sync with words. */
	L4_LoadMR(1, 0);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = CONSOLE_SYNC } });
	tag = L4_Call_Timeouts(driver, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
	L4_StoreMR(1, &why);
	EXPECT(L4_IpcSucceeded(tag));
	EXPECT_EQ(L4_Label(tag), CONSOLE_ERROR);
	EXPECT_EQ(why, CONSOLE_ERR_LENGTH);
	/* Another client is still served. */
	EXPECT(console_send(driver, "console: after bad requests\n", 28));
	return true;
}

/* printf goes through the attached driver (serial_driver.t finds the line
 * on COM2, not on COM1); with a driver that cannot take it, the text goes
 * to the kernel debugger instead (COM1), and nothing is lost. */
static bool test_printf(void)
{
	EXPECT_EQ(console_attached().raw, driver.raw);
	printf("console: printf through the driver\n");
	EXPECT(console_sync(driver));
	console_attach(L4_GlobalId(L4_ThreadNo(L4_Myself()) + 3333, 7));    /* no such thread */
	printf("console: printf falls back to the kernel debugger\n");
	console_attach(driver);
	return true;
}

/* The driver is killed and started again from its module: its space,
 * ports and interrupt line go with it, and the new one gets them again.
 * Transmitting more than a byte needs the transmit interrupt, so a write
 * that completes shows the line is associated again. */
static bool test_driver_restart(void)
{
	/* Our own output (the TAP lines) leaves the driver before it dies. */
	EXPECT(console_sync(driver));
	EXPECT(suite_restart("serial", "console", 3000));
	EXPECT_EQ(suite_find("console").raw, driver.raw);   /* the same thread id */
	char line[100];
	for (unsigned i = 0; i < 20; i++) {
		snprintf(line, sizeof line, "console: after a restart %02u %s\n", i, flood_text);
		EXPECT(console_send(driver, line, (unsigned)strlen(line)));
	}
	return true;
}

/* test/boot/keyboard.t types "Hello L4" and Enter through the QEMU
 * monitor; the keyboard driver hands the keys to the console. */
static bool test_keyboard(void)
{
	char buf[CONSOLE_MAX_BYTES + 1];
	L4_Word_t err = 0;
	int n = console_read(driver, buf, L4_TimePeriod(30000000), &err);
	if (n < 0 || strcmp(buf, "Hello L4\n") != 0)
		printf("# keyboard line: got \"%s\" (%d), ErrorCode %lu\n", n < 0 ? "" : buf, n, err);
	EXPECT(n > 0 && strcmp(buf, "Hello L4\n") == 0);
	return true;
}

const struct test console_tests[] = {
	{ "console_write", "text written through the serial driver's protocol reaches COM2, more than its ring at once", test_write },
	{ "console_read_lines", "lines typed into COM2 reach a client, a flood of them without a byte lost", test_read_lines },
	{ "console_read_timeout", "a read with nothing to read times out at the client; the driver goes on", test_read_timeout },
	{ "console_malformed", "malformed requests get an error reply, and the driver keeps serving", test_malformed },
	{ "console_printf", "printf goes through the attached driver, and to the kernel debugger when the driver fails", test_printf },
	{ "console_driver_restart", "the serial driver killed and started again gets its ports and interrupt back and serves", test_driver_restart },
	{ "console_keyboard", "keys sent to the PS/2 keyboard reach a console client through the keyboard and serial drivers", test_keyboard },
	{ 0, 0, 0 },
};

/* Which tests a boot can run: the serial driver's need it, the reading
 * ones need the COM2 input of serial_driver.t (kernel command line
 * "com2=input"), the keyboard one needs the keyboard driver. */
static const char *skip_reason(const struct test *t, bool kbd)
{
	bool reads = t->run == test_read_lines || t->run == test_read_timeout;
	bool input = suite_arg("com2=input");
	if (L4_IsNilThread(driver))
		return "no serial driver among the modules";
	if (t->run == test_keyboard && !kbd)
		return "no keyboard driver among the modules";
	if (reads && (kbd || !input))
		return "no COM2 input in this boot";
	if (t->run == test_driver_restart && kbd)
		return "the keyboard boot keeps its console (typed keys wait in it)";
	return 0;
}

unsigned console_tests_run(unsigned *num)
{
	driver = suite_find("console");
	bool kbd = !L4_IsNilThread(suite_find("kbd"));
	unsigned failed = 0;
	for (const struct test *t = console_tests; t->name; t++) {
		const char *skip = skip_reason(t, kbd);
		if (skip) {
			printf("ok %u - %s: %s # SKIP %s\n", ++*num, t->name, t->description, skip);
			continue;
		}
		bool ok = t->run();
		failed += !ok;
		printf("%s %u - %s: %s\n", ok ? "ok" : "not ok", ++*num, t->name, t->description);
	}
	return failed;
}
