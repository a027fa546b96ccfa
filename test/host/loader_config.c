// SPDX-License-Identifier: MIT
/*
 * test/host/loader_config.c: host unit tests for servers/root/config.c,
 * the loader's reading of a module's command line: the name from the
 * path, the defaults, each option at and past its bounds, arguments after
 * "--" (spaces kept inside, trimmed at the end, the length limit), and
 * that every malformed line is refused with a reason.
 */
#include <string.h>
#include "config.h"
#include "tap.h"

static struct program_config c;

static const char *parse(const char *line)
{
	return config_parse(line, &c);
}

int main(void)
{
	ok(!parse("build/servers/hello/hello"), "a bare path is accepted");
	is_str(c.name, "hello", "the name is the path's last component");
	is_uint(c.prio, 100, "default priority 100");
	ok(!c.own_pager, "default: the shared pager");
	is_uint(c.ready_ms, 3000, "default ready wait 3000 ms");
	is_str(c.args, "", "no arguments");
	ok(c.wait, "default: root=wait waits for it");
	ok(!parse("prog wait=no") && !c.wait, "wait=no");
	ok(!parse("prog wait=no wait=yes") && c.wait, "wait=yes");
	ok(parse("prog wait=maybe") != NULL, "wait=maybe is refused");
	ok(!parse("prog") && !c.privileged, "default: not privileged");
	ok(!parse("prog privileged=yes") && c.privileged, "privileged=yes");
	ok(!parse("prog privileged=no") && !c.privileged, "privileged=no");
	ok(parse("prog privileged=1") != NULL, "privileged=1 is refused");

	ok(!parse("  prog   prio=1 pager=own ready=0  "), "options, extra spaces");
	is_str(c.name, "prog", "a path without folders");
	is_uint(c.prio, 1, "prio=1");
	ok(c.own_pager, "pager=own");
	is_uint(c.ready_ms, 0, "ready=0");
	ok(!parse("p prio=254 pager=own pager=shared ready=600000"), "upper bounds");
	is_uint(c.prio, 254, "prio=254");
	ok(!c.own_pager, "the last pager= wins");
	is_uint(c.ready_ms, 600000, "ready=600000");

	ok(!parse("/a/b/prog prio=7 -- names  echo two  "), "arguments after --");
	is_str(c.args, "names  echo two", "inner spaces kept, trailing trimmed");
	is_uint(c.prio, 7, "options before -- still apply");
	ok(!parse("prog -- prio=9"), "an option after -- is an argument");
	is_str(c.args, "prio=9", "... passed on as it is");
	is_uint(c.prio, 100, "... and not applied");
	ok(!parse("prog --"), "-- with nothing after");
	is_str(c.args, "", "... gives no arguments");

	char line[400] = "prog -- ";
	size_t n = strlen(line);
	memset(line + n, 'a', 240);
	line[n + 240] = 0;
	ok(!parse(line), "240 bytes of arguments fit");
	is_uint(strlen(c.args), 240, "... all of them");
	line[n + 240] = 'a';
	line[n + 241] = 0;
	ok(parse(line) != NULL, "241 bytes are refused");

	ok(parse("") != NULL, "an empty line is refused");
	ok(parse("   ") != NULL, "a blank line is refused");
	ok(parse("dir/ prio=1") != NULL, "a path ending in / is refused");
	ok(parse("prog prio=0") != NULL, "prio=0 is refused");
	ok(parse("prog prio=255") != NULL, "prio=255 is refused");
	ok(parse("prog prio=") != NULL, "prio= without a number is refused");
	ok(parse("prog prio=12x") != NULL, "prio=12x is refused");
	ok(parse("prog prio=99999999999999999999") != NULL, "a huge number is refused");
	ok(parse("prog pager=mine") != NULL, "pager=mine is refused");
	ok(parse("prog ready=600001") != NULL, "ready past 600000 is refused");
	ok(parse("prog ready=-1") != NULL, "a negative ready is refused");
	ok(parse("prog verbose") != NULL, "an unknown word is refused");
	ok(parse("prog prio") != NULL, "an option without = is refused");
	const char *why = parse("prog bogus");
	ok(why && strstr(why, "--"), "the reason for an unknown word points at --");
	char longname[100];
	memset(longname, 'n', 80);
	longname[80] = 0;
	ok(parse(longname) != NULL, "a name of 80 bytes is refused");
	return done_testing();
}
