// SPDX-License-Identifier: MIT
/*
 * main.c: the template's program. It prints through the console driver,
 * shows its arguments (from the boot configuration), registers a name,
 * finds itself by it, and ends: returning from main tells the loader its
 * status (l4/loader.h), which the loader reports by the program's name.
 */
#include <l4/console.h>
#include <l4/loader.h>
#include <l4/thread.h>
#include <stdio.h>

int main(void)
{
	console_open();                 /* printf through the console driver */
	char args[L4_LOADER_ARGS_MAX + 1];
	if (L4_Loader_Args(args, sizeof args) < 0)
		args[0] = 0;
	L4_ThreadId_t me = L4_Myself(), found;
	L4_Word_t err = L4_Name_Register("template", me);
	if (!err)
		err = L4_Name_Lookup("template", &found);
	bool ok = !err && found.raw == me.raw;
	printf("template: %lx with arguments \"%s\": its name %s\n", (unsigned long)me.raw, args,
	       ok ? "registered and found" : "FAILED");
	return ok ? 0 : 1;
}
