/** The diagnostic summary: what a ticket needs is there, and no secret the settings hold ever is. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../main/contract.js';
import { diagnosticsText, redactUrl, REDACTED } from '../../main/desktop/diagnostics.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';

const NOW = Date.UTC(2026, 11, 6, 17, 0, 0);
const view: StatusView = {
  servers: [
    { server: 'a.test', state: 'ok', offsetMs: 1.5, delayMs: 12.25, jitterMs: 0.5, stratum: 2, refId: 'GPS', lastCheckAt: NOW - 5000, selection: 'truechimer', falseticker: false },
    { server: 'b.test', state: 'unreachable', lastCheckAt: NOW - 1000, failure: { kind: 'timeout', message: 'No reply from b.test within 2000 ms.' }, falseticker: false },
  ],
  verdict: { state: 'ok', consensusOffsetMs: -1.25, agree: 2, voters: 2, total: 3, falsetickers: [], leap: 0 },
  overall: 'unreachable',
  warningMs: 100,
  criticalMs: 1000,
  paused: false,
  language: 'zh-CN',
  historyAvailable: true,
  snoozedUntil: NOW + 3_600_000,
};
const environment = { version: '0.1.0', versions: { electron: '45.4.1', node: '22.20.0' }, platform: 'linux', arch: 'x64', release: '6.8.0', locale: 'zh-CN' };
const text = (settings: Settings) => diagnosticsText({ environment, settings, view, now: NOW });

describe('diagnostics', () => {
  it('gives version, OS, verdict, each server with its last result and failure cause, and the settings', () => {
    const lines = text(defaultSettings(['a.test', 'b.test'])).split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'NTP Monitor diagnostics, 2026-12-06T17:00:00.000Z',
      'Version: 0.1.0 (electron 45.4.1, node 22.20.0)',
      'OS: linux x64, release 6.8.0; locale zh-CN',
      'Overall: UNREACHABLE',
      'Verdict: This computer is 1.3 ms ahead (2 of 2 servers agree)',
      'Monitoring: running; notifications snoozed until 2026-12-06T18:00:00.000Z; history available',
      'Servers:',
    ]);
    expect(lines[7]).toBe(
      '  a.test: OK, truechimer; offset +1.5 ms (server - this computer), delay 12.250 ms, jitter 0.500 ms, stratum 2, refid GPS; last check 2026-12-06T16:59:55.000Z',
    );
    expect(lines[8]).toMatch(/^ {2}b\.test: UNREACHABLE.*; offset -, delay -, jitter -, stratum -, refid -; last check 2026-12-06T16:59:59\.000Z$/);
    expect(lines[9]).toBe('    last poll failed (timeout): No reply from b.test within 2000 ms.');
    expect(JSON.parse(lines.slice(11).join('\n'))).toMatchObject({ servers: ['a.test', 'b.test'], webhookUrl: '', webhookSecret: '' });
  });

  it('keeps only where a webhook goes: no user, password, path, query or fragment', () => {
    expect(redactUrl('https://oapi.dingtalk.com/robot/send?access_token=abc')).toBe(`https://oapi.dingtalk.com/${REDACTED}`);
    expect(redactUrl('https://u:p@hooks.example:8443/')).toBe(`https://hooks.example:8443/${REDACTED}`);
    expect(redactUrl('http://alerts.example/')).toBe('http://alerts.example/');
    expect(redactUrl('not a url with token123')).toBe(REDACTED);
    expect(redactUrl('')).toBe('');
  });

  it('never shows a webhook credential or the robot secret, whatever they are', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/);
    fc.assert(
      fc.property(token, token, token, token, (user, password, path, secret) => {
        const settings: Settings = {
          ...defaultSettings(['a.test', 'b.test']),
          webhookUrl: `https://${user}:${password}@hooks.example/hook/${path}?key=${path}#${password}`,
          webhookFormat: 'feishu',
          webhookSecret: secret,
        };
        const out = text(settings);
        for (const hidden of [user, password, path, secret]) expect(out).not.toContain(hidden);
        expect(out).toContain(`"webhookSecret": "${REDACTED}"`);
      }),
      { numRuns: 200 },
    );
  });
});
