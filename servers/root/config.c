// SPDX-License-Identifier: MIT
/*
 * config.c: a program's line of the boot configuration (config.h). Words
 * are separated by spaces; options come before "--", the program's own
 * arguments after it. Anything not understood is an error, so that a
 * mistyped option is reported instead of ignored.
 */
#include "config.h"
#include <stddef.h>

#define DEFAULT_PRIO     100
#define DEFAULT_READY_MS 3000
#define MAX_READY_MS     600000

static bool starts(const char *s, const char *end, const char *prefix, const char **rest)
{
	while (*prefix) {
		if (s == end || *s != *prefix)
			return false;
		s++, prefix++;
	}
	*rest = s;
	return true;
}

static bool same(const char *s, const char *end, const char *word)
{
	const char *rest;
	return starts(s, end, word, &rest) && rest == end;
}

/* A decimal number filling [s, end), at most max. */
static bool number(const char *s, const char *end, unsigned max, unsigned *out)
{
	unsigned long v = 0;
	if (s == end)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return false;
	}
	*out = (unsigned)v;
	return true;
}

const char *config_parse(const char *line, struct program_config *c)
{
	c->name[0] = 0;
	c->args[0] = 0;
	c->prio = DEFAULT_PRIO;
	c->own_pager = false;
	c->ready_ms = DEFAULT_READY_MS;
	c->wait = true;
	c->privileged = false;
	const char *s = line;
	while (*s == ' ')
		s++;
	const char *end = s;
	while (*end && *end != ' ')
		end++;
	if (end == s)
		return "no program path";
	const char *base = s;
	for (const char *p = s; p < end; p++)
		if (*p == '/')
			base = p + 1;
	if (base == end)
		return "the path names no file";
	if (end - base >= CONFIG_NAME_MAX)
		return "the program's name is too long";
	unsigned n = 0;
	for (const char *p = base; p < end; p++)
		c->name[n++] = *p;
	c->name[n] = 0;
	for (s = end;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			return NULL;
		end = s;
		while (*end && *end != ' ')
			end++;
		const char *v;
		if (same(s, end, "--")) {
			s = end;
			while (*s == ' ')
				s++;
			size_t len = 0;
			while (s[len])
				len++;
			while (len && s[len - 1] == ' ')
				len--;
			if (len > CONFIG_ARGS_MAX)
				return "the arguments are longer than 240 bytes";
			for (size_t i = 0; i < len; i++)
				c->args[i] = s[i];
			c->args[len] = 0;
			return NULL;
		} else if (starts(s, end, "prio=", &v)) {
			if (!number(v, end, 254, &c->prio) || c->prio < 1)
				return "prio= wants a number from 1 to 254";
		} else if (starts(s, end, "pager=", &v)) {
			if (same(v, end, "own"))
				c->own_pager = true;
			else if (same(v, end, "shared"))
				c->own_pager = false;
			else
				return "pager= wants own or shared";
		} else if (starts(s, end, "ready=", &v)) {
			if (!number(v, end, MAX_READY_MS, &c->ready_ms))
				return "ready= wants milliseconds from 0 to 600000";
		} else if (starts(s, end, "privileged=", &v)) {
			if (same(v, end, "yes"))
				c->privileged = true;
			else if (same(v, end, "no"))
				c->privileged = false;
			else
				return "privileged= wants yes or no";
		} else if (starts(s, end, "wait=", &v)) {
			if (same(v, end, "yes"))
				c->wait = true;
			else if (same(v, end, "no"))
				c->wait = false;
			else
				return "wait= wants yes or no";
		} else {
			return "an unknown option (arguments for the program follow --)";
		}
		s = end;
	}
}
