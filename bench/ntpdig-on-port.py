# Runs Debian's /usr/bin/ntpdig (ntpsec) unchanged, but aimed at a loopback port other than 123: ntpdig has no port
# option, so its name lookup is wrapped to swap 123 for PORT. Usage: python3 ntpdig-on-port.py PORT NTPDIG-ARGS...
import socket
import sys

NTPDIG = '/usr/bin/ntpdig'
port = int(sys.argv[1])
lookup = socket.getaddrinfo
socket.getaddrinfo = lambda host, p, *rest, **kw: lookup(host, port if p == 123 else p, *rest, **kw)
sys.argv = [NTPDIG] + sys.argv[2:]
with open(NTPDIG) as source:
    exec(compile(source.read(), NTPDIG, 'exec'))
