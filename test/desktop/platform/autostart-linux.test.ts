import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autostartEntry, autostartPath, linuxAutostartState, quoteExecArg, setLinuxAutostart } from '../../../main/desktop/platform/autostart-linux.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('XDG autostart entry', () => {
  it('quotes arguments the Desktop Entry way', () => {
    expect(quoteExecArg('/opt/NTP/ntp-monitor')).toBe('/opt/NTP/ntp-monitor');
    expect(quoteExecArg('/home/a b/app')).toBe('"/home/a b/app"');
    expect(quoteExecArg('50%$x')).toBe('"50%%\\$x"');
  });

  it('runs the given program with its arguments', () => {
    const text = autostartEntry({ name: 'NTP Monitor', exec: '/usr/bin/electron', args: ['/home/me/my app'] });
    expect(text).toContain('[Desktop Entry]\nType=Application\nName=NTP Monitor\n');
    expect(text).toContain('Exec=/usr/bin/electron "/home/me/my app"\n');
  });

  it('lives under XDG_CONFIG_HOME/autostart', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/tmp/cfg' })).toBe('/tmp/cfg/autostart/ntp-monitor.desktop');
  });

  it('is written when turned on and removed when turned off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autostart-'));
    dirs.push(dir);
    const path = autostartPath({ XDG_CONFIG_HOME: dir });
    const target = { name: 'NTP Monitor', exec: '/opt/ntp-monitor.AppImage', args: [] };
    expect(await linuxAutostartState(path)).toBe('absent');
    await setLinuxAutostart(true, target, path);
    expect(readFileSync(path, 'utf8')).toContain('Exec=/opt/ntp-monitor.AppImage\n');
    expect(await linuxAutostartState(path)).toBe('enabled');
    writeFileSync(path, `${readFileSync(path, 'utf8')}Hidden=true\n`);
    expect(await linuxAutostartState(path)).toBe('disabled');
    await setLinuxAutostart(false, target, path);
    expect(await linuxAutostartState(path)).toBe('absent');
  });
});
