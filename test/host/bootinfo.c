// SPDX-License-Identifier: MIT
/*
 * test/host/bootinfo.c: host unit tests for kernel/bootinfo.c.
 * bootinfo_check: each refusal (no memory map, too little memory, too few
 * modules, an empty or inverted module), their order, the boundaries, and
 * the accepted cases, including usable memory computed by memmap_usable as
 * the kernel does. cmdline_get: a key with a value, a bare key, a key that
 * is a prefix of another ("test" vs "testing=1"), an absent key, value
 * truncation to the buffer, multiple and leading/trailing spaces.
 */
#include <stdint.h>
#include <string.h>
#include "bootinfo.h"
#include "tap.h"

#define MiB (1024u * 1024)

static struct boot_info bi;

static bool contains(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

/* A boot_info the kernel accepts: a map, 2 modules, 64 MiB. */
static void good_bootinfo(void)
{
	memset(&bi, 0, sizeof bi);
	bi.have_memmap = true;
	memmap_add(&bi.loader_map, 0, 0x9FC00, MEM_USABLE);
	memmap_add(&bi.loader_map, 0x100000, 64 * MiB, MEM_USABLE);
	bi.nmods = 2;
	bi.mods[0] = (struct boot_module){ 0x200000, 0x210000, "sigma0" };
	bi.mods[1] = (struct boot_module){ 0x210000, 0x230000, "root" };
	bi.kernel_start = 0x100000;
	bi.kernel_end = 0x180000;
}

static void test_check(void)
{
	const char *e;

	good_bootinfo();
	is_str(bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES), NULL, "good boot info accepted");
	is_str(bootinfo_check(&bi, BOOT_MIN_MEMORY, BOOT_MIN_MODULES), NULL,
	       "exactly BOOT_MIN_MEMORY accepted");
	is_str(bootinfo_check(&bi, 1ull << 36, BOOT_MIN_MODULES), NULL, "64 GiB accepted");

	good_bootinfo();
	bi.have_memmap = false;
	e = bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES);
	ok(contains(e, "memory map"), "no memory map refused: '%s'", e ? e : "NULL");

	good_bootinfo();
	e = bootinfo_check(&bi, BOOT_MIN_MEMORY - 1, BOOT_MIN_MODULES);
	ok(contains(e, "too little"), "BOOT_MIN_MEMORY - 1 refused: '%s'", e ? e : "NULL");
	e = bootinfo_check(&bi, 0, BOOT_MIN_MODULES);
	ok(contains(e, "too little"), "0 bytes refused: '%s'", e ? e : "NULL");
	e = bootinfo_check(&bi, 0, 0);
	ok(contains(e, "too little"), "too little memory refused even in test mode");

	good_bootinfo();
	bi.nmods = 1;
	e = bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES);
	ok(contains(e, "module"), "one module refused: '%s'", e ? e : "NULL");
	bi.nmods = 0;
	e = bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES);
	ok(contains(e, "module"), "no module refused: '%s'", e ? e : "NULL");
	is_str(bootinfo_check(&bi, 62 * MiB, 0), NULL, "no module accepted when 0 are required");
	bi.nmods = 1;
	is_str(bootinfo_check(&bi, 62 * MiB, 1), NULL, "one module accepted when 1 is required");
	bi.nmods = 2;
	e = bootinfo_check(&bi, 62 * MiB, 3);
	ok(contains(e, "module"), "two modules refused when 3 are required");

	good_bootinfo();
	bi.mods[1].end = bi.mods[1].start;
	e = bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES);
	ok(contains(e, "empty"), "empty module refused: '%s'", e ? e : "NULL");
	good_bootinfo();
	bi.mods[0].end = bi.mods[0].start - 1;
	e = bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES);
	ok(contains(e, "empty"), "module with end before start refused");
	good_bootinfo();
	bi.mods[0].end = bi.mods[0].start + 1;
	is_str(bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES), NULL, "one-byte module accepted");
	good_bootinfo();
	bi.nmods = 3;
	bi.mods[2] = (struct boot_module){ 0x300000, 0x300000, "extra" };
	e = bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES);
	ok(contains(e, "empty"), "an empty third module is refused too");
	bi.nmods = 2;
	is_str(bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES), NULL,
	       "modules beyond nmods are not looked at");

	/* In test mode (no modules required), a stated module must still be sane. */
	good_bootinfo();
	bi.nmods = 1;
	bi.mods[0].end = 0;
	e = bootinfo_check(&bi, 62 * MiB, 0);
	ok(contains(e, "empty"), "an empty module is refused in test mode");

	/* Each refusal is its own sentence, and the first problem wins. */
	good_bootinfo();
	const char *no_map, *little, *few, *empty;
	bi.have_memmap = false;
	no_map = bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES);
	good_bootinfo();
	little = bootinfo_check(&bi, MiB, BOOT_MIN_MODULES);
	bi.nmods = 0;
	few = bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES);
	good_bootinfo();
	bi.mods[0].end = 0;
	empty = bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES);
	ok(no_map && little && few && empty && strcmp(no_map, little) && strcmp(no_map, few) &&
	   strcmp(no_map, empty) && strcmp(little, few) && strcmp(little, empty) &&
	   strcmp(few, empty), "four distinct messages");

	memset(&bi, 0, sizeof bi);              /* everything wrong at once */
	bi.nmods = 1;
	is_str(bootinfo_check(&bi, 0, BOOT_MIN_MODULES), no_map, "no map is reported first");
	bi.have_memmap = true;
	is_str(bootinfo_check(&bi, 0, BOOT_MIN_MODULES), little, "then too little memory");
	is_str(bootinfo_check(&bi, 62 * MiB, BOOT_MIN_MODULES), few, "then too few modules");
	is_str(bootinfo_check(&bi, 62 * MiB, 1), empty, "then an empty module");
}

/* The way kernel_main uses it: usable memory from the map, minus what is used. */
static void test_check_with_memmap(void)
{
	struct memmap used = { .count = 0 }, usable;

	good_bootinfo();
	memset(&bi.loader_map, 0, sizeof bi.loader_map);
	memmap_add(&bi.loader_map, 0, 0x9FC00, MEM_USABLE);
	memmap_add(&bi.loader_map, 0x100000, 0x100000 + 17 * MiB, MEM_USABLE);
	memmap_add(&used, 0, 0x100000, MEM_RESERVED);
	memmap_add(&used, 0x100000, 0x180000, MEM_RESERVED);
	memmap_usable(&bi.loader_map, &used, 0x38000000, &usable);
	uint64_t total = memmap_total(&usable);
	is_uint(total, 17 * MiB - 0x80000, "17 MiB map minus the kernel: 16.5 MiB");
	is_str(bootinfo_check(&bi, total, BOOT_MIN_MODULES), NULL, "16.5 MiB accepted");

	memmap_add(&used, 0x200000, 0x300000, MEM_RESERVED);    /* modules */
	memmap_usable(&bi.loader_map, &used, 0x38000000, &usable);
	total = memmap_total(&usable);
	is_uint(total, 16 * MiB - 0x80000, "and minus 1 MiB of modules: 15.5 MiB");
	ok(contains(bootinfo_check(&bi, total, BOOT_MIN_MODULES), "too little"),
	   "15.5 MiB refused");
}

/* --- cmdline_get --- */

static char val[64];

/* Fills val with a marker so an untouched buffer is visible. */
static bool get(const char *cmdline, const char *key, unsigned size)
{
	memset(val, '@', sizeof val);
	val[sizeof val - 1] = '\0';
	return cmdline_get(cmdline, key, val, size);
}

static void test_cmdline(void)
{
	ok(get("test=ping", "test", sizeof val), "key=value found");
	is_str(val, "ping", "  value 'ping'");

	ok(get("/boot/kernel.elf test=ping verbose", "test", sizeof val),
	   "key after the kernel path found");
	is_str(val, "ping", "  value 'ping'");

	ok(get("/boot/kernel.elf test=ping verbose", "verbose", sizeof val), "bare key at the end found");
	is_str(val, "", "  bare key: empty value");
	ok(get("verbose test=1", "verbose", sizeof val), "bare key at the start found");
	is_str(val, "", "  bare key: empty value");
	ok(get("test", "test", sizeof val), "bare key alone found");
	is_str(val, "", "  empty value");
	ok(get("test=", "test", sizeof val), "key= found");
	is_str(val, "", "  key=: empty value");

	ok(!get("testing=1", "test", sizeof val), "'test' is not found in 'testing=1'");
	ok(!get("testing", "test", sizeof val), "'test' is not found in 'testing'");
	ok(!get("test", "testing", sizeof val), "'testing' is not found in 'test'");
	ok(!get("mytest=1", "test", sizeof val), "'test' is not found in 'mytest=1'");
	ok(!get("a=test b=test=1", "test", sizeof val), "a key is not found inside a value");
	ok(get("testing=1 test=2", "test", sizeof val), "'test' after 'testing=1' found");
	is_str(val, "2", "  value of test, not of testing");
	ok(get("test=2 testing=1", "testing", sizeof val), "'testing' after 'test=2' found");
	is_str(val, "1", "  value of testing");

	ok(!get("a=1 b=2", "c", sizeof val), "absent key");
	is_str(val, "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
	       "  absent key: buffer untouched");
	ok(!get("", "test", sizeof val), "empty command line");
	ok(!get("   ", "test", sizeof val), "command line of spaces");

	ok(get("a=1 a=2", "a", sizeof val), "repeated key found");
	is_str(val, "1", "  the first occurrence wins");
	ok(get("opt=a=b", "opt", sizeof val), "value with '='");
	is_str(val, "a=b", "  value keeps its '='");

	ok(get("   test=ping   x=y  ", "test", sizeof val), "leading spaces");
	is_str(val, "ping", "  value stops at the space");
	ok(get("a=1    b=2     c", "b", sizeof val), "multiple spaces before the key");
	is_str(val, "2", "  value '2'");
	ok(get("a=1    b=2     c   ", "c", sizeof val), "bare key before trailing spaces");
	is_str(val, "", "  empty value");
	ok(get("a=1  b", "b", sizeof val), "bare key after two spaces");

	ok(get("k=abcdef", "k", 4), "truncated value: found");
	is_str(val, "abc", "  size 4: 3 chars and a NUL");
	ok(get("k=abc x", "k", 4), "exact fit: found");
	is_str(val, "abc", "  size 4: all 3 chars");
	ok(get("k=abcdef", "k", 1), "size 1: found");
	is_str(val, "", "  size 1: only a NUL");
	ok(get("k=abcdef", "k", 0), "size 0: found");
	ok(val[0] == '@', "  size 0: buffer untouched");
	ok(get("k=abcdef z=1", "k", 7), "truncation does not spill into the next word");
	is_str(val, "abcdef", "  size 7: all 6 chars");

	memset(val, '@', sizeof val);
	val[sizeof val - 1] = '\0';
	ok(cmdline_get("k=abcdef", "k", val, 3) && val[2] == '\0' && val[3] == '@',
	   "nothing written past size");

	/* The kernel's own use: test mode and its argument. */
	char test[32];
	ok(cmdline_get("/boot/l4.elf test=ipc", "test", test, sizeof test) &&
	   !strcmp(test, "ipc"), "kernel_main's 'test' lookup");
	ok(!cmdline_get("/boot/l4.elf", "test", test, sizeof test), "no test mode by default");
}

int main(void)
{
	test_check();
	test_check_with_memmap();
	test_cmdline();
	return done_testing();
}
