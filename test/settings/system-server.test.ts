import { describe, expect, it } from 'vitest';
import { detectSystemServers, type SystemProbe } from '../../main/settings/system-server.js';
import { FALLBACK_SERVER, VERDICT_FALLBACKS } from '../../main/settings/settings.js';

function probe(platform: NodeJS.Platform, files: Record<string, string>, regOutput: string | null = null): SystemProbe {
  return {
    platform,
    readText: async (path) => files[path] ?? null,
    listDir: async (dir) => Object.keys(files).filter((p) => p.startsWith(dir + '/')).map((p) => p.slice(dir.length + 1)),
    run: async (file, args) => (file === 'reg' && args[0] === 'query' ? regOutput : null),
  };
}

describe('detectSystemServers', () => {
  it('reads chrony, including its sources.d drop-ins', async () => {
    const found = await detectSystemServers(
      probe('linux', {
        '/etc/chrony/chrony.conf': '# comment\npool 2.debian.pool.ntp.org iburst\nserver ntp1.corp.example iburst prefer\nmakestep 1 3\n',
        '/etc/chrony/sources.d/local.sources': 'server 10.0.0.1 iburst\n',
      }),
    );
    // A `pool` line is a pool (4 members, so a verdict); with a pool named, nothing is added.
    expect(found).toEqual({ servers: ['pool://2.debian.pool.ntp.org', 'ntp1.corp.example', '10.0.0.1'], from: ['/etc/chrony/chrony.conf', '/etc/chrony/sources.d/local.sources'], added: [] });
  });

  it("a stock Debian (one pool line) is a pool, and nothing is added: its 4 members reach a verdict", async () => {
    const found = await detectSystemServers(probe('linux', { '/etc/chrony/chrony.conf': 'pool 2.debian.pool.ntp.org iburst\n' }));
    expect(found).toEqual({ servers: ['pool://2.debian.pool.ntp.org'], from: ['/etc/chrony/chrony.conf'], added: [] });
  });

  it('reads ntpd but skips its reference clock pseudo-addresses', async () => {
    const found = await detectSystemServers(probe('darwin', { '/etc/ntp.conf': 'server 127.127.1.0\nserver time.apple.com\n' }));
    // One server and no pool: two of the fallbacks are added, so that 3 can vote.
    expect(found).toEqual({ servers: ['time.apple.com', ...VERDICT_FALLBACKS.slice(0, 2)], from: ['/etc/ntp.conf'], added: VERDICT_FALLBACKS.slice(0, 2) });
  });

  it('reads systemd-timesyncd NTP=, falling back to FallbackNTP=', async () => {
    const primary = await detectSystemServers(probe('linux', { '/etc/systemd/timesyncd.conf': '[Time]\n#NTP=\nNTP=a.example b.example c.example\nFallbackNTP=d.example\n' }));
    expect(primary).toEqual({ servers: ['a.example', 'b.example', 'c.example'], from: ['/etc/systemd/timesyncd.conf'], added: [] });
    const fallback = await detectSystemServers(probe('linux', { '/etc/systemd/timesyncd.conf.d/10-site.conf': '[Time]\nFallbackNTP=fallback.example\n' }));
    expect(fallback.servers.slice(0, 1)).toEqual(['fallback.example']);
  });

  it('reads Windows w32time from the registry', async () => {
    const reg = '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\...\\Parameters\r\n    NtpServer    REG_SZ    time.windows.com,0x9 ntp.corp.example,0x8\r\n';
    const found = await detectSystemServers(probe('win32', {}, reg));
    expect(found.servers).toEqual(['time.windows.com', 'ntp.corp.example', FALLBACK_SERVER]);
    expect(found.from).toEqual(['HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters\\NtpServer']);
  });

  it('falls back to three independent public NTS services that welcome such clients (never a pool.ntp.org name of ours)', async () => {
    expect(await detectSystemServers(probe('linux', {}))).toEqual({ servers: [...VERDICT_FALLBACKS], from: [], added: [...VERDICT_FALLBACKS] });
    for (const server of VERDICT_FALLBACKS) expect(server).toMatch(/^nts:\/\/(?!.*pool\.ntp\.org)/);
    expect(new Set(VERDICT_FALLBACKS.map((s) => s.split('.').slice(-2).join('.'))).size).toBe(3);
    expect((await detectSystemServers(probe('linux', { '/etc/ntp.conf': 'server $(evil)\n' }))).servers).toEqual([...VERDICT_FALLBACKS]);
  });
});
