import { Ajv } from 'ajv';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID } from '../../main/desktop/platform/app-id.js';
import { TRAY_ICON_STATES, trayIconFile } from '../../main/desktop/tray/tray-model.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = parse(readFileSync(`${root}electron-builder.yml`, 'utf8'));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));

describe('electron-builder.yml', () => {
  it("validates against electron-builder's own schema, with the options electron-builder uses", () => {
    const schema = fromBuilder('app-builder-lib/scheme.json');
    const validate = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema);
    const valid = validate(structuredClone(config));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a misspelt key is caught', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(fromBuilder('app-builder-lib/scheme.json'));
    expect(validate({ ...config, mac: { ...config.mac, extendinfo: {} } })).toBe(false);
  });

  it('has the appId the app gives Windows as its AppUserModelID', () => {
    expect(config.appId).toBe(APP_ID);
  });

  it('names only files that exist', () => {
    const exists = (path: string) => existsSync(`${root}${path}`);
    expect(exists(config.directories.buildResources)).toBe(true);
    expect(exists(config.mac.icon)).toBe(true);
    expect(exists(config.win.icon)).toBe(true);
    expect(statSync(`${root}${config.linux.icon}`).isDirectory()).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(exists(`${config.linux.icon}/${size}x${size}.png`)).toBe(true);
    // Each non-negated files pattern has a base that exists once built (dist comes from `npm run build`).
    for (const pattern of config.files as string[]) {
      if (pattern.startsWith('!')) continue;
      const base = pattern.split('/**')[0]!;
      if (base !== 'dist') expect(exists(base), pattern).toBe(true);
    }
  });

  it('packs what the app loads at run time: main, preload, window, tray icons for every state', () => {
    const patterns = (config.files as string[]).filter((p) => !p.startsWith('!'));
    const packed = (path: string) => patterns.some((p) => (p.endsWith('/**') ? path.startsWith(p.slice(0, -2)) : path === p));
    for (const path of [pkg.main, 'dist/preload.cjs', 'dist/renderer/settings.html', 'dist/renderer/settings.js', 'dist/renderer/style.css']) {
      expect(packed(path), path).toBe(true);
    }
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      for (const state of TRAY_ICON_STATES) {
        const file = trayIconFile(state, platform);
        expect(packed(`assets/tray/${file}`)).toBe(true);
        expect(existsSync(`${root}assets/tray/${file}`), file).toBe(true);
        expect(existsSync(`${root}assets/tray/${file.replace('.png', '@2x.png')}`), file).toBe(true);
      }
    }
  });

  it('hides the Dock icon on macOS and keeps the Chinese locale', () => {
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.electronLanguages).toContain('zh-CN');
  });

  it('gives deb what its schema does not check: a homepage and a maintainer e-mail', () => {
    expect(pkg.homepage).toMatch(/^https?:\/\//);
    expect(config.linux.maintainer ?? pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
  });
});

describe('generated icons', () => {
  const png = (path: string) => {
    const data = readFileSync(`${root}${path}`);
    expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  };

  it('tray icons are 16 px with 32 px @2x twins', () => {
    for (const state of TRAY_ICON_STATES) {
      expect(png(`assets/tray/tray-${state}.png`)).toEqual({ width: 16, height: 16 });
      expect(png(`assets/tray/tray-${state}@2x.png`)).toEqual({ width: 32, height: 32 });
    }
  });

  it('the .ico holds the small and large Windows sizes', () => {
    const ico = readFileSync(`${root}assets/build/icon.ico`);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 20, 24, 32, 48, 256]));
  });

  it('the .icns is well formed and holds 16 to 1024 px', () => {
    const icns = readFileSync(`${root}assets/build/icon.icns`);
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) types.push(icns.subarray(offset, offset + 4).toString('ascii'));
    expect(types).toEqual(expect.arrayContaining(['icp4', 'ic07', 'ic08', 'ic09', 'ic10']));
  });
});

describe('desktop readiness in the packages (issue 9)', () => {
  const templates = fromBuilder.resolve('app-builder-lib/templates/linux/after-install.tpl').replace(/after-install\.tpl$/, '');

  it('keeps the deb AppArmor profile with userns that Ubuntu 24.04 needs for the Chromium sandbox', () => {
    // electron-builder 26 ships the profile and its after-install script loads it; our config must not replace either.
    for (const key of ['afterInstall', 'appArmorProfile']) {
      expect(config.linux?.[key], `linux.${key}`).toBeUndefined();
      expect(config.deb?.[key], `deb.${key}`).toBeUndefined();
    }
    expect(readFileSync(`${templates}apparmor-profile.tpl`, 'utf8')).toMatch(/^\s*userns,/m);
    const afterInstall = readFileSync(`${templates}after-install.tpl`, 'utf8');
    expect(afterInstall).toContain("/etc/apparmor.d/${executable}");
    expect(afterInstall).toMatch(/apparmor_parser --replace/);
    expect(readFileSync(fromBuilder.resolve('app-builder-lib/out/targets/FpmTarget.js'), 'utf8')).toContain('"apparmor-profile"');
  });

  it('never turns the Chromium sandbox off', () => {
    const text = readFileSync(`${root}electron-builder.yml`, 'utf8') + JSON.stringify(pkg.scripts);
    expect(text).not.toMatch(/no-sandbox|disable-setuid-sandbox|ELECTRON_DISABLE_SANDBOX/);
    expect(config.linux.executableArgs ?? []).toEqual([]);
  });

  it('builds the dmg for Intel and Apple silicon, hardened and notarised when the environment has the identity', () => {
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    // The identity comes from CSC_NAME / CSC_LINK, never from the file.
    expect(config.mac.identity).toBeUndefined();
  });

  it('names the app "NTP Monitor", so userData, logs, autostart and notifications carry that name', () => {
    expect(pkg.productName).toBe('NTP Monitor');
    expect(config.productName).toBe(pkg.productName);
  });
});
