/**
 * The time servers the operating system itself is configured to use, so that the first question answered is
 * "is my time source telling the truth, and is my clock right?". Read-only: files and `reg query`, never a shell.
 */
import { join } from 'node:path';
import { parseAnyServer } from '../ntp/address.js';
import { MIN_CANDIDATES, VERDICT_FALLBACKS } from './settings.js';

export interface SystemProbe {
  platform: NodeJS.Platform;
  readText(path: string): Promise<string | null>;
  listDir(path: string): Promise<string[]>;
  /** Runs a program with arguments (no shell) and returns its stdout, or null. */
  run(file: string, args: string[]): Promise<string | null>;
}

const MAX_SERVERS = 4;
const NTPD_CONFIGS = ['/etc/ntp.conf', '/etc/ntpsec/ntp.conf', '/etc/openntpd/ntpd.conf'];
const CHRONY_CONFIGS = ['/etc/chrony/chrony.conf', '/etc/chrony.conf'];
const CHRONY_SOURCE_DIRS = ['/etc/chrony/sources.d', '/etc/chrony/conf.d'];
const TIMESYNCD_CONFIGS = ['/etc/systemd/timesyncd.conf'];
const TIMESYNCD_DROP_IN = '/etc/systemd/timesyncd.conf.d';

/** The servers to check when none is named, and where they come from (so `check` can say). */
export interface SystemServers {
  servers: string[];
  /** The files (or the Windows registry key) they were read from; empty when the system names none. */
  from: string[];
  /** Added by us (VERDICT_FALLBACKS) when the system names too few servers for a verdict and no pool. */
  added: string[];
}

/**
 * The system's servers (at most MAX_SERVERS), `pool` lines as pools. Fewer than a verdict needs (MIN_CANDIDATES)
 * and no pool among them: VERDICT_FALLBACKS are added until there are enough, so a fresh install reaches a verdict.
 */
export async function detectSystemServers(probe: SystemProbe = realProbe): Promise<SystemServers> {
  let found: Found[] = [];
  try {
    found = probe.platform === 'win32' ? await fromWindows(probe) : await fromUnix(probe);
  } catch {
    found = [];
  }
  const usable = [...new Map(found.filter((f) => parseAnyServer(f.server).ok).map((f) => [f.server, f])).values()].slice(0, MAX_SERVERS);
  const servers = usable.map((f) => f.server);
  const hasPool = servers.some((server) => server.startsWith('pool://'));
  const missing = hasPool ? 0 : Math.max(0, MIN_CANDIDATES - servers.length);
  const added = VERDICT_FALLBACKS.filter((server) => !servers.includes(server)).slice(0, missing);
  return { servers: [...servers, ...added], from: [...new Set(usable.map((f) => f.from))], added };
}

/** One server named by the system, with the file (or registry key) that names it. */
interface Found {
  server: string;
  from: string;
}

async function fromUnix(probe: SystemProbe): Promise<Found[]> {
  const found: Found[] = [];
  const read = async (path: string, parse: (text: string | null) => string[]) => {
    for (const server of parse(await probe.readText(path))) found.push({ server, from: path });
  };
  for (const path of await withDropIns(probe, CHRONY_CONFIGS, CHRONY_SOURCE_DIRS, /\.(conf|sources)$/)) await read(path, serverDirectives);
  for (const path of NTPD_CONFIGS) await read(path, serverDirectives);
  for (const path of await withDropIns(probe, TIMESYNCD_CONFIGS, [TIMESYNCD_DROP_IN], /\.conf$/)) await read(path, timesyncdServers);
  return found;
}

async function withDropIns(probe: SystemProbe, files: string[], dirs: string[], pattern: RegExp): Promise<string[]> {
  const paths = [...files];
  for (const dir of dirs) {
    const names = (await probe.listDir(dir)).filter((name) => pattern.test(name)).sort();
    paths.push(...names.map((name) => join(dir, name)));
  }
  return paths;
}

/**
 * chrony and ntpd: `server NAME [options]`, `peer NAME`, and `pool NAME [options]` as pool://NAME; openntpd:
 * `servers NAME` (every address of the name) as a pool too.
 */
export function serverDirectives(text: string | null): string[] {
  if (!text) return [];
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(server|servers|pool|peer)\s+(\S+)/i.exec(line);
    // 127.127.x.x are ntpd's reference clock drivers, not servers.
    if (!match || match[2]!.startsWith('127.127.')) continue;
    const isPool = /^(pool|servers)$/i.test(match[1]!);
    names.push(isPool ? `pool://${match[2]!}` : match[2]!);
  }
  return names;
}

/** systemd-timesyncd: `NTP=a b c` in [Time]; FallbackNTP only when no NTP= is set. */
export function timesyncdServers(text: string | null): string[] {
  if (!text) return [];
  const value = (key: string) =>
    text
      .split('\n')
      .map((line) => new RegExp(`^\\s*${key}\\s*=\\s*(.*)$`).exec(line)?.[1])
      .filter((v): v is string => v !== undefined)
      .flatMap((v) => v.split(/\s+/).filter(Boolean));
  const primary = value('NTP');
  return primary.length > 0 ? primary : value('FallbackNTP');
}

const W32TIME_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters';

async function fromWindows(probe: SystemProbe): Promise<Found[]> {
  const out = await probe.run('reg', ['query', W32TIME_KEY, '/v', 'NtpServer']);
  const match = out ? /NtpServer\s+REG_\w+\s+(.+)/i.exec(out) : null;
  if (!match) return [];
  // "time.windows.com,0x9 other.example,0x8": names with w32time flags.
  return match[1]!.trim().split(/\s+/).map((entry) => ({ server: entry.split(',')[0]!, from: `${W32TIME_KEY}\\NtpServer` }));
}

// The modules are loaded on first use: `ntp-monitor check SERVER` never looks at the system's settings (issue 9).
const realProbe: SystemProbe = {
  platform: process.platform,
  readText: async (path) => (await import('node:fs/promises')).readFile(path, 'utf8').catch(() => null),
  listDir: async (path) => (await import('node:fs/promises')).readdir(path).catch(() => []),
  run: async (file, args) => {
    const { execFile } = await import('node:child_process');
    return new Promise((resolve) => {
      execFile(file, args, { timeout: 3_000, windowsHide: true }, (error, stdout) => resolve(error ? null : stdout));
    });
  },
};
