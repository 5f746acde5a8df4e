"""Runs one command for the bench's cold-start table and measures it from outside: wall time and the CPU time
(user + system, from wait4) of that process alone, which Node's spawnSync does not report.

Usage: timed-run.py COMMAND [ARG...]. The command keeps this process's stdin, stdout and stderr (so its output goes
to the same pipes as a plain spawn); the figures go to file descriptor 3 as one JSON line {"ms", "cpuMs", "status"}.
"""
import json
import os
import sys
import time

started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(3)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, wait_status, usage = os.wait4(pid, 0)
wall_ms = (time.perf_counter() - started) * 1000
status = os.waitstatus_to_exitcode(wait_status)
os.write(3, (json.dumps({"ms": wall_ms, "cpuMs": (usage.ru_utime + usage.ru_stime) * 1000, "status": status}) + "\n").encode())
