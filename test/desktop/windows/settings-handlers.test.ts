import { describe, expect, it } from 'vitest';
import { SETTINGS_CHANNELS } from '../../../main/contract.js';
import { createSettingsHandlers, type SettingsHost } from '../../../main/desktop/windows/settings-handlers.js';
import type { ServerAddress } from '../../../main/ntp/address.js';
import { defaultSettings, type Settings } from '../../../main/settings/settings.js';
import { sampleResult } from '../../support/results.js';

function host() {
  let saved: Settings = defaultSettings(['127.0.0.1:9123']);
  const queried: ServerAddress[] = [];
  let closed = 0;
  let picked: string | undefined;
  const h: SettingsHost = {
    current: () => saved,
    apply: (checked) => void (saved = checked.settings),
    systemLanguage: () => 'zh-CN',
    query: async (server) => (queried.push(server), sampleResult(server.text, 5)),
    closeWindow: () => void closed++,
    chooseCaFile: async () => picked,
    unsaved: () => {},
  };
  return { handlers: createSettingsHandlers(h), saved: () => saved, queried, closed: () => closed, pick: (file: string | undefined) => void (picked = file) };
}

describe('settings IPC handlers', () => {
  it('load gives the saved settings and the system language', async () => {
    const { handlers } = host();
    expect(await handlers[SETTINGS_CHANNELS.load]()).toEqual({ settings: defaultSettings(['127.0.0.1:9123']), systemLanguage: 'zh-CN' });
  });

  it('save stores valid settings and returns them', async () => {
    const { handlers, saved } = host();
    const next = { ...defaultSettings(['a.example']), warningSeconds: 0.5 };
    expect(await handlers[SETTINGS_CHANNELS.save](next)).toEqual({ ok: true, settings: next });
    expect(saved()).toEqual(next);
  });

  it.each([
    ['not an object', 'x'],
    ['null', null],
    ['bad interval', { ...defaultSettings(), intervalSeconds: 5 }],
    ['unknown key', { ...defaultSettings(), evil: true }],
    ['bad server', { ...defaultSettings(), servers: ['a b'] }],
    ['prototype trick', JSON.parse('{"__proto__": {"servers": ["x"]}}')],
  ])('save refuses %s with the problems, leaving the store unchanged', async (_name, payload) => {
    const { handlers, saved } = host();
    const before = structuredClone(saved());
    const response = await handlers[SETTINGS_CHANNELS.save](payload);
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.errors.length).toBeGreaterThan(0);
    expect(saved()).toEqual(before);
  });

  it('test queries a valid address and refuses anything else without querying', async () => {
    const { handlers, queried } = host();
    const response = await handlers[SETTINGS_CHANNELS.test]('[::1]:123');
    expect(response).toMatchObject({ ok: true, result: { ok: true } });
    expect(queried.map((q) => [q.host, q.port])).toEqual([['::1', 123]]);
    expect(await handlers[SETTINGS_CHANNELS.test]({ host: 'x' })).toMatchObject({ ok: false, errors: [{ key: 'address.empty' }] });
    expect(await handlers[SETTINGS_CHANNELS.test]('a:99999')).toMatchObject({ ok: false, errors: [{ key: 'address.bad-port' }] });
    expect(queried).toHaveLength(1);
  });

  it('close closes the window', async () => {
    const { handlers, closed } = host();
    await handlers[SETTINGS_CHANNELS.close]();
    expect(closed()).toBe(1);
  });

  it('choose CA answers with the file picked in main\'s dialog, or cancelled: never a path the user did not pick', async () => {
    const { handlers, pick } = host();
    expect(await handlers[SETTINGS_CHANNELS.chooseCa]()).toEqual({ ok: false, canceled: true });
    pick('/etc/ssl/ca.pem');
    expect(await handlers[SETTINGS_CHANNELS.chooseCa]()).toEqual({ ok: true, file: '/etc/ssl/ca.pem' });
  });
});
