/**
 * The time servers the operating system itself is configured to use, so that the first question answered is
 * "is my time source telling the truth, and is my clock right?". Read-only: files and `reg query`, never a shell.
 */
import { join } from 'node:path';
import { parseServerAddress } from '../ntp/address.js';
import { FALLBACK_SERVER } from './settings.js';

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

export async function detectSystemServers(probe: SystemProbe = realProbe): Promise<string[]> {
  try {
    const found = probe.platform === 'win32' ? await fromWindows(probe) : await fromUnix(probe);
    const usable = [...new Set(found)].filter((name) => parseServerAddress(name).ok);
    return usable.length > 0 ? usable.slice(0, MAX_SERVERS) : [FALLBACK_SERVER];
  } catch {
    return [FALLBACK_SERVER];
  }
}

async function fromUnix(probe: SystemProbe): Promise<string[]> {
  const found: string[] = [];
  for (const path of await withDropIns(probe, CHRONY_CONFIGS, CHRONY_SOURCE_DIRS, /\.(conf|sources)$/)) {
    found.push(...serverDirectives(await probe.readText(path)));
  }
  for (const path of NTPD_CONFIGS) found.push(...serverDirectives(await probe.readText(path)));
  for (const path of await withDropIns(probe, TIMESYNCD_CONFIGS, [TIMESYNCD_DROP_IN], /\.conf$/)) {
    found.push(...timesyncdServers(await probe.readText(path)));
  }
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

/** chrony and ntpd: `server NAME [options]`, `pool NAME [options]`, `peer NAME`; openntpd: `servers NAME`. */
export function serverDirectives(text: string | null): string[] {
  if (!text) return [];
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(?:server|servers|pool|peer)\s+(\S+)/i.exec(line);
    // 127.127.x.x are ntpd's reference clock drivers, not servers.
    if (match && !match[1]!.startsWith('127.127.')) names.push(match[1]!);
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

async function fromWindows(probe: SystemProbe): Promise<string[]> {
  const out = await probe.run('reg', ['query', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters', '/v', 'NtpServer']);
  const match = out ? /NtpServer\s+REG_\w+\s+(.+)/i.exec(out) : null;
  if (!match) return [];
  // "time.windows.com,0x9 other.example,0x8": names with w32time flags.
  return match[1]!.trim().split(/\s+/).map((entry) => entry.split(',')[0]!);
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
