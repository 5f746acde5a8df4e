/**
 * The commands' --help texts in English, a table of their own that translate.ts builds only when a help is shown;
 * placeholders ({interval}) are filled from the settings' limits.
 */
export const helpEn = () => ({
  'help.usage': `Usage: ntp-monitor <command> [options]

Commands:
  check [SERVER...]   query servers once and exit with a monitoring-plugin status (0/1/2/3)
  watch               watch servers until stopped: log lines, webhook alerts, Prometheus metrics
  history             print what watch --history recorded, as CSV or JSON lines
  help [COMMAND]      show help
  --version           print the version

Run "ntp-monitor <command> --help" for a command's options.
`,
  'help.check': `Usage: ntp-monitor check [SERVER...] [-H HOST]... [-p PORT] [-w RANGE] [-c RANGE] [-t SECONDS] [-q] [-4|-6]
                         [--min-servers N] [--unreachable critical|warning|unknown] [--samples N]
                         [--max-stratum N] [--max-root-distance S] [--ca FILE] [--daemon D] [--json] [-v] [-V] [-h]

Queries each SERVER (all at the same time) and reports its clock offset from this computer. With 3 or more
servers that answer, it also tells which servers agree (truechimers) and which do not (falsetickers), and how far
this computer's clock is from their consensus. It takes check_ntp_time's options, so it can replace it as is.
With no SERVER, checks the servers this computer is configured to use (chrony, ntpd, timesyncd, Windows; a 'pool'
line as pool://NAME); when they are fewer than 3 and none is a pool, adds nts://time.cloudflare.com,
nts://nts.netnod.se and nts://ptbtime1.ptb.de until there are 3. The last line says where they came from.

SERVER, -H, --host HOST
             host, host:port, IPv4 (192.0.2.1, 192.0.2.1:123), IPv6 (::1, [::1]:123), or
             nts://host[:port] to check it authenticated with NTS (port: NTS key exchange, default 4460), or
             pool://name[:port]: up to 4 of the name's addresses, each checked as a server of its own.
             -H may be repeated, and mixed with SERVERs.
-p, --port PORT
             the NTP port of every plain server given without one (default 123)
-w, --warning RANGE
             WARNING when |offset| in seconds is outside RANGE (default 0.1: above 0.1 s)
-c, --critical RANGE
             CRITICAL when |offset| in seconds is outside RANGE (default 1)
             RANGE as the Monitoring Plugins define it: 10 (alert above 10), 10: (below 10), ~:10 (above 10),
             10:20 (outside 10 to 20), @10:20 (inside 10 to 20); decimals allowed. With two plain numbers,
             critical must be at least warning.
-t, --timeout SECONDS
             wait at most this long for each reply (0.1-60; default 5). A number of 100 or more is read as
             milliseconds, the unit of older versions (100-60000).
-q, --quiet  a server that answers without a usable time (unsynchronized, Kiss-o'-Death) is UNKNOWN, not
             unreachable (as check_ntp_time -q)
--min-servers N
             CRITICAL when fewer than N servers give an offset (1-100; default 1); UNKNOWN instead when every
             server that failed is UNKNOWN (-q, --unreachable unknown, a bad address)
--unreachable critical|warning|unknown
             the state each server that gives no time adds: no answer, a closed port, unsynchronized, KoD
             (default warning: with enough other answers the clock is still judged; the server is named)
--samples N  send N requests per server, 2 s apart, and keep the one with the least delay (1-8; default 4,
             as check_ntp_time; 1 sends one). A server whose first reply is missing or bad gets no more
             requests; a check of a good server takes about 6 s
--max-stratum N
             a server with a stratum above N is WARNING and does not vote (1-15; default: no limit)
--max-root-distance S
             a server whose root distance exceeds S seconds is WARNING and does not vote (0.001-16;
             default 1.5, RFC 5905's MAXDIST)
-4, --ipv4, -6, --ipv6
             use only that address family for host names (plain NTP servers)
--ca FILE    also trust this PEM CA for NTS servers' certificates (the public roots stay trusted)
--daemon D   also read this computer's time service and cross-check it with the consensus: auto (default:
             the first that answers of Windows Time on Windows or timed on macOS, then chronyd on
             127.0.0.1:323, ntpd on 127.0.0.1:123, systemd-timesyncd), none, chrony[=HOST[:PORT]] (its
             command port, default 323), ntpd[=HOST[:PORT]] (mode 6, default 123), timesyncd (D-Bus, via
             busctl), kernel (adjtimex state, via adjtimex or ntptime), w32time (Windows Time, via w32tm
             /query /status /verbose) or timed (macOS: its server measured by sntp; tested only against
             stand-ins). Its verdict: agrees, disagrees, follows-falseticker, not-synchronized, stale,
             unreachable (not running, refused...), unchecked (no consensus to compare with)
--json       print one JSON object: state, summary, verdict, daemon and a servers array (one object per server)
-v, --verbose
             accepted for check_ntp_time command lines; the details are always printed after the first line
-V, --version
             print the version
-h, --help   show this help

A server's offset is signed, server minus this computer: positive when the server is ahead (as ntpdate and
check_ntp_time print it). The verdict on this computer is said in words: "This computer is 2.500 s behind (3 of 4
servers agree)". In --json, consensusOffsetMs has offsetMs's sign: positive when the servers are ahead; the
daemon's offsetMs too: positive when the time service believes this computer is behind.
The first line is the plugin status line: NTP <STATE>: the worst causes first, with their servers | perfdata.
Perfdata: with one server, offset=SECONDS;W;C; first, as check_ntp_time, then delay and stratum (jitter with
2 or more good replies); with several, offset is the consensus (when there is one), then offset_<server>,
delay_<server>... with every character of the server other than a letter or digit written as _.
Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. One server that gives no time is CRITICAL, as in
check_ntp_time (UNKNOWN for a bad address or host name, and with -q for unsynchronized or KoD).
The worst decides: CRITICAL, then WARNING, then UNKNOWN, then OK. A falseticker is WARNING whatever its offset (the
others say it is wrong, not this computer); the consensus offset against --warning/--critical is the verdict on this
computer's clock.
`,
  'help.watch': `Usage: ntp-monitor watch [--config FILE] [--server SERVER]... [options]

Watches time servers until stopped (Ctrl-C, SIGTERM), with the same engine and states as the desktop app.
Prints one line per sample and per state change. On SIGHUP, reads --config again; every server keeps its state.

--config FILE          settings file: the original script's config.ini ([ntp_server] with server_addr,
                       interval, threshold) or the app's settings JSON; the flags below override it
--server SERVER        a server to watch (repeatable; SERVER... after the options works too):
                       host, host:port, IPv4 (192.0.2.1, 192.0.2.1:123), IPv6 (::1, [::1]:123), or
                       nts://host[:port] to check it authenticated with NTS (port: key exchange, default 4460),
                       or pool://name[:port]: up to 4 of the name's addresses, each watched as a server
--interval S           seconds between polls of each server ({intervalMin}-{intervalMax}; default {interval})
--warning S            WARNING when |offset| >= S seconds (decimals allowed; default {warning})
--critical S           CRITICAL when |offset| >= S seconds (default {critical}; at least --warning)
--timeout MS           wait at most MS milliseconds for each reply ({timeoutMin}-{timeoutMax}; default {timeout})
--confirm N            consecutive samples that must agree before a state changes ({confirmMin}-{confirmMax}; default {confirm})
--log FILE             also append the lines to FILE (rotated at {logMegabytes} MB, {logFiles} files kept)
--log-format FORMAT    text (default: TIME KIND key=value...) or json (one object a line, the same keys)
--webhook URL          POST a JSON alert to URL (http:// or https://) on each alarm and recovery
--webhook-format F     the body: generic (our JSON, default), or a group robot's text message: dingtalk,
                       wecom, feishu (also Lark), slack
--webhook-secret S     the DingTalk or Feishu robot's signing secret (better in config.ini: webhook_secret,
                       which other users cannot read from the process list)
--metrics-listen ADDR  serve Prometheus metrics at http://ADDR/metrics; PORT alone means 127.0.0.1:PORT
--samples N            send N requests per poll, 2 s apart, and keep the one with the least delay ({samplesMin}-{samplesMax}; default {samples})
--max-stratum N        a server with a stratum above N is WARNING, the reason named ({stratumMin}-{stratumMax}; default: no limit)
--max-root-distance S  a server whose root distance exceeds S seconds is WARNING and does not vote ({distanceMin}-{distanceMax}; default {distance})
--ipv4, --ipv6         use only that address family for host names
--ca FILE              also trust this PEM CA for NTS servers' certificates (config.ini: ca; read on start and SIGHUP)
--history FILE         record every sample and failure in the SQLite file FILE (read it with ntp-monitor history);
                       kept {retentionDays} days (config.ini: history_retention_days)
--daemon D             this computer's time service to cross-check once a round and alarm on: auto (default:
                       Windows Time on Windows or timed on macOS, then chronyd, ntpd, timesyncd, the first
                       that answers), none, chrony[=HOST:PORT], ntpd[=HOST:PORT], timesyncd, kernel, w32time
                       or timed (config.ini: daemon)
--help                 show this help

In config.ini, threshold = T means warning = critical = T: an offset of T seconds or more is CRITICAL.
A section [server NAME] (NAME as in server_addr) gives one server its own threshold, or warning and critical.
With 3 or more servers answering, the servers are also judged together (RFC 5905 selection): when most of them
moved together, the alarm is about this computer's clock (one alarm, not one per server); a server that disagrees
with the others gets its own alarm (falseticker); a leap second announced by most servers is alerted once.
With no server given anywhere, watches the time server this computer is configured to use.
Exit status: 0 after SIGINT or SIGTERM; 3 for bad settings, every problem listed.
`,
  'help.history': `Usage: ntp-monitor history (--history FILE | --config FILE) [--server S]... [--since T] [--until T] [--csv | --json]

Prints what \`ntp-monitor watch --history FILE\` (or \`history = FILE\` in its config.ini) recorded: one row per
sample or failure, oldest first.

--history FILE  the history database to read (history is off unless watch is given a file)
--config FILE   read the history database's name from the config.ini or settings JSON given to watch --config
                (its history =); --history, when given too, wins. A file watch would refuse is refused here too
--server S      only this server, as written in the settings (repeatable; default: every server)
--since T       from T (default 24h): a duration back from now (90m, 24h, 7d, 2w) or an ISO-8601 date or time
                (2026-11-23, 2026-11-23T08:00:00Z; without a zone, local time), from 1970 to 9999
--until T       up to T, same forms (default: now)
--csv           CSV, RFC 4180, CRLF line ends (the default), header:
                {header}
--json          JSON lines: {"at","server","state","ok","offsetMs","delayMs","jitterMs","stratum","error","selection",
                "falseticker","authenticated","clockState","consensusOffsetMs"}, error {"kind","message","code"}
--help          show this help

at is ISO-8601 UTC; offsetMs is positive when the server is ahead of this computer (as ntpdate prints it).
Why a row is as it is (empty or null in rows recorded before this was kept): selection, how the latest selection
across servers saw the server (truechimer, falseticker; empty: it did not vote); falseticker, its confirmed mark (the
one its alarm fires on); authenticated, an NTS-authenticated sample; clockState and consensusOffsetMs, the verdict on
this computer's clock then (consensusOffsetMs positive: the servers are ahead, this computer is behind); errorKind and
errorCode, a failure's kind and detail (kiss code, errno, failed check).
The file is opened read-only: reading needs no write access to it, nor to its folder once watch has stopped.
Exit status: 0 done (no rows is not an error); 3 bad arguments, or a file that is missing or not a history file.
`,
}) as const;

/** The keys of the help texts. */
export type HelpKey = keyof ReturnType<typeof helpEn>;
