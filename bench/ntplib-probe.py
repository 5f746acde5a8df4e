"""Reference client for the bench: Debian's python3-ntplib, one query per line of input.

Reads "HOST PORT" lines on stdin; answers each with a JSON line {"offsetMs", "delayMs"} or {"error"}.
Run with Debian's /usr/bin/python3, where python3-ntplib is installed.
"""
import json
import sys

import ntplib

client = ntplib.NTPClient()
for line in sys.stdin:
    host, port = line.split()
    try:
        r = client.request(host, port=int(port), version=4, timeout=2)
        out = {"offsetMs": r.offset * 1000, "delayMs": r.delay * 1000}
    except Exception as error:  # the bench reports the failure instead of dying
        out = {"error": str(error)}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
