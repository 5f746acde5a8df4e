import { describe, expect, it } from 'vitest';
import { detectSystemServers, type SystemProbe } from '../../main/settings/system-server.js';
import { FALLBACK_SERVER } from '../../main/settings/settings.js';

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
    expect(found).toEqual(['2.debian.pool.ntp.org', 'ntp1.corp.example', '10.0.0.1']);
  });

  it('reads ntpd but skips its reference clock pseudo-addresses', async () => {
    expect(await detectSystemServers(probe('darwin', { '/etc/ntp.conf': 'server 127.127.1.0\nserver time.apple.com\n' }))).toEqual(['time.apple.com']);
  });

  it('reads systemd-timesyncd NTP=, falling back to FallbackNTP=', async () => {
    expect(await detectSystemServers(probe('linux', { '/etc/systemd/timesyncd.conf': '[Time]\n#NTP=\nNTP=a.example b.example\nFallbackNTP=c.example\n' }))).toEqual([
      'a.example',
      'b.example',
    ]);
    expect(
      await detectSystemServers(probe('linux', { '/etc/systemd/timesyncd.conf.d/10-site.conf': '[Time]\nFallbackNTP=fallback.example\n' })),
    ).toEqual(['fallback.example']);
  });

  it('reads Windows w32time from the registry', async () => {
    const reg = '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\...\\Parameters\r\n    NtpServer    REG_SZ    time.windows.com,0x9 ntp.corp.example,0x8\r\n';
    expect(await detectSystemServers(probe('win32', {}, reg))).toEqual(['time.windows.com', 'ntp.corp.example']);
  });

  it('falls back to a public service that welcomes such clients (never a pool.ntp.org name of ours)', async () => {
    expect(await detectSystemServers(probe('linux', {}))).toEqual([FALLBACK_SERVER]);
    expect(FALLBACK_SERVER).not.toMatch(/pool\.ntp\.org/);
    expect(await detectSystemServers(probe('linux', { '/etc/ntp.conf': 'server $(evil)\n' }))).toEqual([FALLBACK_SERVER]);
  });
});
