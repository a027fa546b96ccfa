#!/bin/sh
# SPDX-License-Identifier: MIT
# extract-c.sh FILE.md: prints the ```c blocks of a Markdown file, in order,
# as one C file (docs/writing-a-pager.md is built and run this way).
exec awk '/^```c[ \t]*$/ { on = 1; next } /^```/ { on = 0; next } on { print }' "$1"
