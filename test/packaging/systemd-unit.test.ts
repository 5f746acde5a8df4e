/** The systemd unit in docs/ for `ntp-monitor watch`: systemd itself reads it, and the README's promises hold. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.js';

const UNIT = 'docs/systemd/ntp-monitor-watch.service';
const text = readFileSync(UNIT, 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'ntp-monitor-unit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function analyze(unitText: string): { ran: boolean; status: number | null; output: string; why?: string } {
  const path = join(scratch, 'ntp-monitor-watch.service');
  writeFileSync(path, unitText);
  const run = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8' });
  if (run.error) return { ran: false, status: null, output: '', why: run.error.message };
  return { ran: true, status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

// verify also checks that ExecStart's program exists: point it at the built bundle instead of the deb's /usr/bin.
const localUnit = text.replace('/usr/bin/ntp-monitor ', `${CLI} `);
const probe = analyze(localUnit);
if (!probe.ran) console.warn(`systemd-unit.test: SKIPPED systemd-analyze verify: ${probe.why} (apt-get install systemd, or bash scripts/install-test-deps.sh)`);

describe('docs/systemd/ntp-monitor-watch.service', () => {
  it.runIf(probe.ran)('passes systemd-analyze verify with no warning at all (it exits 0 even on ignored typos)', () => {
    expect(probe.output).toBe('');
    expect(probe.status).toBe(0);
  });

  it.runIf(probe.ran)('the check can fail: a mistyped directive is reported', () => {
    const typo = analyze(localUnit.replace('NoNewPrivileges=yes', 'NoNewPrivilegez=yes'));
    expect(typo.output).toContain('NoNewPrivilegez');
  });

  it('runs watch unprivileged, restarts on failure but not on bad settings, reloads with SIGHUP', () => {
    const directives = new Set(text.split('\n').filter((line) => /^[A-Z]\w+=/.test(line)));
    for (const line of [
      'DynamicUser=yes',
      'Restart=on-failure',
      'ExecReload=/bin/kill -HUP $MAINPID',
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'PrivateTmp=yes',
      'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
      'StateDirectory=ntp-monitor',
      'LogsDirectory=ntp-monitor',
    ]) {
      expect(directives).toContain(line);
    }
    expect(text).toMatch(/^ExecStart=\/usr\/bin\/ntp-monitor watch .*--log \/var\/log\/ntp-monitor\//m);
    // V8 needs writable+executable memory for its JIT: this one would stop the service at its first line.
    expect(text).not.toMatch(/^MemoryDenyWriteExecute=yes/m);
  });

  it('the exit status it will not restart on is the one watch gives for bad settings', async () => {
    const { EXIT } = await import('../../main/cli/exit-codes.js');
    expect(text).toContain(`RestartPreventExitStatus=${EXIT.unknown}`);
  });
});
