// SPDX-License-Identifier: MIT
/*
 * bootinfo.c: checks on the boot information, so that bad input from the
 * loader becomes one clear sentence and a failure exit instead of a hang.
 */
#include "bootinfo.h"

const char *bootinfo_check(const struct boot_info *bi, uint64_t usable,
                           unsigned min_modules)
{
	if (!bi->have_memmap)
		return "the boot loader gave no memory map";
	if (usable < BOOT_MIN_MEMORY)
		return "too little usable memory (the kernel needs at least 16 MiB)";
	if (bi->nmods < min_modules)
		return "missing modules (need sigma0 and a root task, in that order)";
	for (unsigned i = 0; i < bi->nmods; i++)
		if (bi->mods[i].end <= bi->mods[i].start)
			return "a module is empty or has its end before its start";
	return 0;
}

bool cmdline_get(const char *cmdline, const char *key, char *buf, unsigned size)
{
	const char *p = cmdline;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *k = key;
		const char *w = p;
		while (*k && *w == *k)
			k++, w++;
		if (!*k && (*w == '=' || *w == ' ' || *w == '\0')) {
			unsigned n = 0;
			if (*w == '=')
				for (w++; *w && *w != ' '; w++)
					if (n + 1 < size)
						buf[n++] = *w;
			if (size)
				buf[n] = '\0';
			return true;
		}
		while (*p && *p != ' ')
			p++;
	}
	return false;
}
