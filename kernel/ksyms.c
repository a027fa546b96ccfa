// SPDX-License-Identifier: MIT
/*
 * ksyms.c: lookups in the embedded symbol table. Layout (tools/gen-ksyms.sh):
 *   uint32_t count; struct { uint32_t addr, name_offset; } sym[count];
 *   char names[];   (offsets are from the start of names)
 * Entries are sorted by address.
 */
#include "ksyms.h"

struct ksym { uint32_t addr, name; };
extern const uint32_t ksyms_table[];
extern const char kernel_text_end[];

const char *ksym_lookup(uint32_t addr, uint32_t *offset)
{
	uint32_t n = ksyms_table[0];
	const struct ksym *s = (const struct ksym *)&ksyms_table[1];
	const char *names = (const char *)&s[n];
	if (n == 0 || addr < s[0].addr || addr >= (uint32_t)(uintptr_t)kernel_text_end)
		return 0;
	uint32_t lo = 0, hi = n;        /* last entry with addr <= target */
	while (hi - lo > 1) {
		uint32_t mid = (lo + hi) / 2;
		if (s[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (offset)
		*offset = addr - s[lo].addr;
	return names + s[lo].name;
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

uint32_t ksym_address(const char *name)
{
	uint32_t n = ksyms_table[0];
	const struct ksym *s = (const struct ksym *)&ksyms_table[1];
	const char *names = (const char *)&s[n];
	for (uint32_t i = 0; i < n; i++)
		if (streq(names + s[i].name, name))
			return s[i].addr;
	return 0;
}
