# SPDX-License-Identifier: MIT
# pathprof.py: a path-length profile through QEMU's gdb stub. Loaded by
# tools/pathprof.sh into gdb: waits for the Nth arrival at START, then
# single-steps until the CPU is back at STOP (or LIMIT instructions), and
# prints how many instructions each function took, in the order they ran.
# Every instruction is counted as QEMU's icount counts it: one per
# instruction, user and kernel alike.
import gdb, bisect, os

start = int(os.environ["PP_START"], 0)
stop = int(os.environ["PP_STOP"], 0)
hits = int(os.environ.get("PP_HIT", "1"))
limit = int(os.environ.get("PP_LIMIT", "20000"))
syms = []
for path in os.environ["PP_ELFS"].split(","):
    for line in os.popen("nm -n " + path):
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW":
            syms.append((int(f[0], 16), f[2]))
syms.sort()
addrs = [a for a, _ in syms]

def name(pc):
    i = bisect.bisect_right(addrs, pc) - 1
    return syms[i][1] if i >= 0 else "?"

gdb.execute("set pagination off")
gdb.execute("target remote localhost:%s" % os.environ.get("PP_PORT", "1234"))
gdb.execute("hbreak *0x%x" % start)
if os.environ.get("PP_COND"):
    # Only arrivals where this gdb expression holds count (e.g. an argument).
    gdb.execute("condition 1 " + os.environ["PP_COND"])
for _ in range(hits):
    gdb.execute("continue", to_string=True)
gdb.execute("delete")
order, count, seq, n = [], {}, [], 0
pc = int(gdb.parse_and_eval("$pc")) & 0xffffffff
while n < limit:
    gdb.execute("stepi", to_string=True)
    n += 1
    pc = int(gdb.parse_and_eval("$pc")) & 0xffffffff
    if pc == stop:
        break
    f = name(pc)
    if f not in count:
        order.append(f)
        count[f] = 0
    count[f] += 1
    if not seq or seq[-1][0] != f:
        seq.append([f, 0])
    seq[-1][1] += 1
if pc != stop:
    # Never silent: a profile cut at the limit is not the path asked for.
    print("pathprof: INCOMPLETE: stopped after %d instructions without reaching 0x%x "
          "(raise PP_LIMIT, now %d)" % (n, stop, limit))
print("pathprof: %d instructions from 0x%x to 0x%x" % (n, start, stop))
for f in order:
    print("  %6d  %s" % (count[f], f))
print("pathprof: in order of execution")
for f, c in seq:
    print("  %6d  %s" % (c, f))
gdb.execute("kill")
