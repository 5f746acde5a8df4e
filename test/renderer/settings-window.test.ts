/// <reference lib="dom" />
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemWords } from '../../main/i18n/problem-words.js';
import { levelProblems, validateSettings } from '../../main/settings/validate.js';
import { webhookAdvice } from '../../main/settings/webhook-advice.js';
import { defaultSettings, type Settings } from '../../main/settings/settings.js';
import { startChronyd, type Chronyd } from '../support/chronyd.js';
import { makeTestPki, startNtsChronyd, type NtsChronyd, type TestPki } from '../support/nts-chronyd.js';
import { bundleWindow, launchChromium, openWindow, screenshotDir, SCREENSHOT_VARIANTS, TAKING_SCREENSHOTS, type MemoryStore } from './window-harness.js';

let browser: Browser;
let chronyd: Chronyd;
let bundle: string;
let pki: TestPki;
let nts: NtsChronyd;

beforeAll(async () => {
  bundle = bundleWindow();
  pki = makeTestPki();
  [browser, chronyd, nts] = await Promise.all([launchChromium(), startChronyd(), startNtsChronyd(pki)]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await chronyd?.stop();
  await nts?.stop();
  pki?.remove();
  rmSync(bundle, { recursive: true, force: true });
});

const base = (): Settings => ({ ...defaultSettings(['ntp.example.com', '192.0.2.1:123']), timeoutMs: 1000 });
const memory = (settings: Settings = base()): MemoryStore => ({ settings, saves: 0, closes: 0 });

/** The message the engine gives for `settings`, so the test never hard-codes the wording under test. */
function engineMessage(settings: unknown, path: string, lang: 'en' | 'zh-CN' = 'en'): string {
  const validation = validateSettings(settings);
  if (validation.ok) throw new Error('expected a problem');
  return validation.problems.filter((p) => p.path === path).map((p) => problemWords(p, lang)).join(' ');
}

/** The engine's message for one server's own levels, as the window checks each row. */
function levelMessage(warning: unknown, critical: unknown, lang: 'en' | 'zh-CN' = 'en'): string {
  const found = levelProblems(warning, critical, 'serverThresholds.0.');
  if (found.length === 0) throw new Error('expected a problem');
  return found.map((p) => problemWords(p, lang)).join(' ');
}

const serverValues = (page: Page) => page.locator('#servers li.server > input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

describe('settings window in Chromium', () => {
  it('shows the saved settings, with every input reachable by its label', async () => {
    const { page, problems } = await openWindow(browser, { store: memory() });
    expect(await serverValues(page)).toEqual(['ntp.example.com', '192.0.2.1:123']);
    await expect.poll(() => page.getByLabel('Check interval').inputValue()).toBe('64');
    expect(await page.getByLabel('Warning threshold', { exact: true }).inputValue()).toBe('0.1');
    expect(await page.getByLabel('Critical threshold', { exact: true }).inputValue()).toBe('1');
    expect(await page.getByLabel('Confirmations').inputValue()).toBe('2');
    expect(await page.getByLabel('Notifications').isChecked()).toBe(true);
    expect(await page.getByLabel('Start at login').isChecked()).toBe(false);
    expect(await page.getByLabel('Language').inputValue()).toBe('system');
    expect(await page.getByLabel('Server 2', { exact: true }).inputValue()).toBe('192.0.2.1:123');
    expect(await page.title()).toBe('NTP Monitor settings');
    // The form is taller than the window (560 x 680, as main opens it): it scrolls, and Save stays in view.
    const layout = await page.evaluate(() => ({
      scrolls: document.documentElement.scrollHeight > innerHeight,
      saveBottom: document.getElementById('save')!.getBoundingClientRect().bottom,
      height: innerHeight,
    }));
    expect(layout.scrolls).toBe(true);
    expect(layout.saveBottom).toBeLessThanOrEqual(layout.height);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('fill, see errors, fix, save, reopen', async () => {
    const store = memory();
    const before = structuredClone(store.settings);
    const { page, problems } = await openWindow(browser, { store });

    await page.getByLabel('Check interval').fill('5');
    await page.getByLabel('Warning threshold', { exact: true }).fill('2');
    await page.getByLabel('Critical threshold', { exact: true }).fill('abc');
    await page.getByLabel('Server 1', { exact: true }).fill('bad host!');
    await page.getByLabel('Metrics address').fill('nope:x');

    const bad = { ...before, intervalSeconds: 5, warningSeconds: 2, criticalSeconds: 'abc', servers: ['bad host!', '192.0.2.1:123'], metricsListen: 'nope:x' };
    expect(await page.locator('#intervalSeconds-error').textContent()).toBe(engineMessage(bad, 'intervalSeconds'));
    expect(await page.locator('#criticalSeconds-error').textContent()).toBe(engineMessage(bad, 'criticalSeconds'));
    expect(await page.locator('#server-0-error').textContent()).toBe(engineMessage(bad, 'servers.0'));
    expect(await page.locator('#metricsListen-error').textContent()).toBe(engineMessage(bad, 'metricsListen'));
    expect(await page.getByLabel('Check interval').getAttribute('aria-invalid')).not.toBeNull();

    // Save is refused: nothing reaches the store.
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('#status').textContent()).toBe('Fix the marked fields, then save again.');
    expect(store.saves).toBe(0);
    expect(store.settings).toEqual(before);
    // The first invalid field has the focus, so a keyboard user lands on it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('server-0');

    // Critical below warning is its own message.
    await page.getByLabel('Critical threshold', { exact: true }).fill('1.5');
    expect(await page.locator('#criticalSeconds-error').textContent()).toBe(engineMessage({ ...before, warningSeconds: 2, criticalSeconds: 1.5 }, 'criticalSeconds'));

    await page.getByLabel('Check interval').fill('30');
    await page.getByLabel('Critical threshold', { exact: true }).fill('2.5');
    await page.getByLabel('Server 1', { exact: true }).fill('[::1]:1123');
    await page.getByLabel('Metrics address').fill('127.0.0.1:9123');
    await page.getByLabel('Notifications').uncheck();
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.keyboard.type('time.example.org');
    await page.getByLabel('Language').selectOption('en');
    expect(await page.locator('.error:not([hidden])').count()).toBe(0);
    // Enter in a field saves, as in any form.
    await page.getByLabel('Confirmations').press('Enter');
    await expect.poll(() => page.locator('#status').textContent()).toBe('Saved and applied.');

    expect(store.saves).toBe(1);
    expect(store.settings).toEqual({
      ...before,
      servers: ['[::1]:1123', '192.0.2.1:123', 'time.example.org'],
      intervalSeconds: 30,
      warningSeconds: 2,
      criticalSeconds: 2.5,
      notifications: false,
      metricsListen: '127.0.0.1:9123',
      language: 'en',
    });

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await serverValues(page)).toEqual(['[::1]:1123', '192.0.2.1:123', 'time.example.org']);
    expect(await page.getByLabel('Critical threshold', { exact: true }).inputValue()).toBe('2.5');
    expect(await page.getByLabel('Notifications').isChecked()).toBe(false);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("issue 10's checks: samples, stratum and root-distance limits, address family: errors, fix, save, reopen", async () => {
    const store = memory();
    const before = structuredClone(store.settings);
    const { page, problems } = await openWindow(browser, { store });
    expect(await page.getByLabel('Samples per server').inputValue()).toBe('1');
    expect(await page.locator('#samples-hint').textContent()).toContain('keep 1 for public servers');
    // null (no limit) shows as an empty field; the root distance starts at RFC 5905's MAXDIST, 1.5 s.
    expect(await page.getByLabel('Maximum stratum').inputValue()).toBe('');
    expect(await page.getByLabel('Maximum root distance').inputValue()).toBe('1.5');
    expect(await page.locator('#maxStratum-hint').textContent()).toContain('Leave empty for no limit');
    expect(await page.getByLabel('Address family').inputValue()).toBe('any');
    expect(await page.locator('#family option').allTextContents()).toEqual(['Any', 'IPv4 only', 'IPv6 only']);

    await page.getByLabel('Samples per server').fill('9');
    await page.getByLabel('Maximum stratum').fill('2.5');
    await page.getByLabel('Maximum root distance').fill('2s');
    const bad = { ...before, samples: 9, maxStratum: 2.5, maxRootDistanceSeconds: '2s' };
    for (const key of ['samples', 'maxStratum', 'maxRootDistanceSeconds']) {
      expect(await page.locator(`#${key}-error`).textContent()).toBe(engineMessage(bad, key));
      expect(await page.locator(`#${key}`).getAttribute('aria-invalid')).not.toBeNull();
    }
    await page.getByRole('button', { name: 'Save' }).click();
    expect(store.saves).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('samples');

    await page.getByLabel('Samples per server').fill('4');
    await page.getByLabel('Maximum stratum').fill('3');
    await page.getByLabel('Maximum root distance').fill('0.5');
    await page.getByLabel('Address family').selectOption('ipv6');
    expect(await page.locator('.error:not([hidden])').count()).toBe(0);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(1);
    expect(store.settings).toEqual({ ...before, samples: 4, maxStratum: 3, maxRootDistanceSeconds: 0.5, family: 'ipv6' });

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.getByLabel('Samples per server').inputValue()).toBe('4');
    expect(await page.getByLabel('Maximum stratum').inputValue()).toBe('3');
    expect(await page.getByLabel('Maximum root distance').inputValue()).toBe('0.5');
    expect(await page.getByLabel('Address family').inputValue()).toBe('ipv6');

    // Emptying a limit turns it off (null), as the hint says.
    await page.getByLabel('Maximum stratum').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(2);
    expect(store.settings.maxStratum).toBeNull();
    expect(store.settings.maxRootDistanceSeconds).toBe(0.5);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("issue 24's fields: timeout, failures before unreachable, history file and retention, the metrics format; errors in both languages, save, reopen", async () => {
    const store = memory();
    const before = structuredClone(store.settings);
    const { page, problems } = await openWindow(browser, { store });
    expect(await page.getByLabel('Reply timeout').inputValue()).toBe('1000');
    expect(await page.getByLabel('Failures before unreachable').inputValue()).toBe(String(before.failuresBeforeUnreachable));
    expect(await page.getByLabel('History file').inputValue()).toBe('');
    expect(await page.getByLabel('History kept').inputValue()).toBe(String(before.historyRetentionDays));
    expect(await page.locator('#timeoutMs-hint').textContent()).toBe('100–60000 ms. How long to wait for each reply before it counts as a timeout.');
    expect(await page.locator('#historyRetentionDays-hint').textContent()).toMatch(/^1–3650 days\./);
    expect(await page.locator('#metricsListen-hint').textContent()).toContain('127.0.0.1:9123');

    await page.getByLabel('Reply timeout').fill('50');
    await page.getByLabel('Failures before unreachable').fill('0');
    await page.getByLabel('History kept').fill('4000');
    await page.getByLabel('Metrics address').fill('localhost');
    const bad = { ...before, timeoutMs: 50, failuresBeforeUnreachable: 0, historyRetentionDays: 4000, metricsListen: 'localhost' };
    for (const key of ['timeoutMs', 'failuresBeforeUnreachable', 'historyRetentionDays', 'metricsListen']) {
      expect(await page.locator(`#${key}-error`).textContent()).toBe(engineMessage(bad, key));
    }
    await page.getByLabel('Language').selectOption('zh-CN');
    expect(await page.locator('#timeoutMs-error').textContent()).toBe(engineMessage(bad, 'timeoutMs', 'zh-CN'));
    expect(await page.locator('#timeoutMs-hint').textContent()).toMatch(/^100–60000 毫秒。/);
    await page.getByLabel('语言').selectOption('system');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(store.saves).toBe(0);

    await page.getByLabel('Reply timeout').fill('2500');
    await page.getByLabel('Failures before unreachable').fill('5');
    await page.getByLabel('History kept').fill('90');
    await page.getByLabel('Metrics address').fill('127.0.0.1:9123');
    await page.getByLabel('History file').fill('/var/tmp/ntp-history.sqlite');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(1);
    expect(store.settings).toEqual({
      ...before,
      timeoutMs: 2500,
      failuresBeforeUnreachable: 5,
      historyRetentionDays: 90,
      metricsListen: '127.0.0.1:9123',
      historyFile: '/var/tmp/ntp-history.sqlite',
    });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.getByLabel('Reply timeout').inputValue()).toBe('2500');
    expect(await page.getByLabel('History file').inputValue()).toBe('/var/tmp/ntp-history.sqlite');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('Choose… asks main for the CA file: a pick fills the field and is checked, a cancel leaves it', async () => {
    const store: MemoryStore = { ...memory(), pickedCa: undefined };
    const { page, problems } = await openWindow(browser, { store });
    await page.getByRole('button', { name: 'Choose…' }).click();
    await expect.poll(() => store.picks).toBe(1);
    expect(await page.getByLabel('Private CA for NTS').inputValue()).toBe('');
    store.pickedCa = '/etc/ssl/private-ca.pem';
    await page.getByRole('button', { name: 'Choose…' }).click();
    await expect.poll(() => page.getByLabel('Private CA for NTS').inputValue()).toBe('/etc/ssl/private-ca.pem');
    expect(store.picks).toBe(2);
    // The file is read by main when saving: a missing one is refused there, said under the field.
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#caFile-error').textContent()).toMatch(/^Cannot read the CA file: ENOENT\./);
    expect(store.saves).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the time service: its forms in the hint, a bad value refused with the engine\'s message, a good one saved', async () => {
    const store = memory();
    const before = structuredClone(store.settings);
    const { page, problems } = await openWindow(browser, { store });
    expect(await page.getByLabel('Time service').inputValue()).toBe('auto');
    expect(await page.locator('#daemon-hint').textContent()).toContain('auto, none, chrony[=HOST:PORT]');
    await page.getByLabel('Time service').fill('chronyd');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('#daemon-error').textContent()).toBe(engineMessage({ ...before, daemon: 'chronyd' }, 'daemon'));
    expect(store.saves).toBe(0);
    await page.getByLabel('Time service').fill('chrony=127.0.0.1:11323');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(1);
    expect(store.settings).toEqual({ ...before, daemon: 'chrony=127.0.0.1:11323' });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('a group robot: the format select and the secret as a password field; bad secret refused, advice shown but not blocking', async () => {
    const store = memory();
    const before = structuredClone(store.settings);
    const { page, problems } = await openWindow(browser, { store });
    expect(await page.getByLabel('Webhook format').inputValue()).toBe('generic');
    expect(await page.locator('#webhookFormat option').allTextContents()).toEqual(['Generic JSON', 'DingTalk robot', 'WeCom robot', 'Feishu / Lark robot', 'Slack incoming webhook']);
    expect(await page.getByLabel('Webhook secret').getAttribute('type')).toBe('password');

    const dingtalkUrl = 'https://oapi.dingtalk.com/robot/send?access_token=abc123';
    await page.getByLabel('Webhook URL').fill(dingtalkUrl);
    await page.getByLabel('Webhook format').selectOption('feishu');
    await page.getByLabel('Webhook secret').fill('has a space');
    const advice = (settings: Settings) => webhookAdvice(settings).map((item) => problemWords(item)).join(' ');
    const typed = { ...before, webhookUrl: dingtalkUrl, webhookFormat: 'feishu', webhookSecret: 'has a space' } as const;
    expect(await page.locator('#webhookFormat-warning').textContent()).toBe(advice(typed));
    expect(await page.locator('#webhookSecret-error').textContent()).toBe(engineMessage(typed, 'webhookSecret'));
    await page.getByRole('button', { name: 'Save' }).click();
    expect(store.saves).toBe(0);

    // The advice stays, and does not stop Save: the URL may be a relay that only looks like DingTalk's.
    const secret = 'SEC0123456789abcdef';
    await page.getByLabel('Webhook secret').fill(secret);
    expect(await page.locator('.error:not([hidden])').count()).toBe(0);
    expect(await page.locator('#webhookFormat-warning').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(1);
    expect(store.settings).toEqual({ ...before, webhookUrl: dingtalkUrl, webhookFormat: 'feishu', webhookSecret: secret });

    await page.getByLabel('Webhook format').selectOption('dingtalk');
    expect(await page.locator('#webhookFormat-warning').isHidden()).toBe(true);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.getByLabel('Webhook format').inputValue()).toBe('feishu');
    expect(await page.getByLabel('Webhook secret').inputValue()).toBe(secret);
    // Shown as dots only: the secret is in no text of the page.
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(secret);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('per-server thresholds: shown in their row, checked per field, saved, renamed, emptied and removed with the row', async () => {
    const store = memory({ ...base(), serverThresholds: [{ server: '192.0.2.1:123', warningSeconds: 0.5, criticalSeconds: 2 }] });
    const { page, problems } = await openWindow(browser, { store });
    const own = (n: number) => page.locator('details.own').nth(n);
    // A row with levels of its own opens with them; the other stays closed (empty = the general thresholds).
    expect(await own(1).getAttribute('open')).not.toBeNull();
    expect(await own(0).getAttribute('open')).toBeNull();
    expect(await page.getByLabel('Warning threshold (Server 2)').inputValue()).toBe('0.5');
    expect(await page.getByLabel('Critical threshold (Server 2)').inputValue()).toBe('2');

    // Keyboard: the disclosure opens with Enter on its summary.
    await page.getByText('Own thresholds').first().focus();
    await page.keyboard.press('Enter');
    expect(await own(0).getAttribute('open')).not.toBeNull();

    const warning = page.getByLabel('Warning threshold (Server 1)');
    const critical = page.getByLabel('Critical threshold (Server 1)');
    const error = page.locator('#server-0-own-error');
    await warning.fill('abc');
    expect(await error.textContent()).toBe(levelMessage('abc', ''));
    expect(await error.textContent()).toContain('Warning threshold must be a number, got "abc"');
    expect(await warning.getAttribute('aria-invalid')).not.toBeNull();
    await warning.fill('0.5');
    await critical.fill('0.2');
    expect(await error.textContent()).toBe(levelMessage(0.5, 0.2));
    expect(await critical.getAttribute('aria-invalid')).not.toBeNull();
    expect(await warning.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Save' }).click();
    expect(store.saves).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('server-0-own-criticalSeconds');

    await critical.fill('3');
    expect(await error.isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(1);
    expect(store.settings.serverThresholds).toEqual([
      { server: 'ntp.example.com', warningSeconds: 0.5, criticalSeconds: 3 },
      { server: '192.0.2.1:123', warningSeconds: 0.5, criticalSeconds: 2 },
    ]);

    // The levels belong to the row: renaming the server takes them along.
    await page.getByLabel('Server 1', { exact: true }).fill('ntp2.example.com');
    // Emptying both fields gives the server back to the general thresholds.
    await page.getByLabel('Warning threshold (Server 2)').fill('');
    await page.getByLabel('Critical threshold (Server 2)').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(2);
    expect(store.settings.serverThresholds).toEqual([{ server: 'ntp2.example.com', warningSeconds: 0.5, criticalSeconds: 3 }]);

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.getByLabel('Critical threshold (Server 1)').inputValue()).toBe('3');
    expect(await own(1).getAttribute('open')).toBeNull();

    // Removing the server removes its levels.
    await page.getByRole('button', { name: 'Remove Server 1' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(3);
    expect(store.settings.servers).toEqual(['192.0.2.1:123']);
    expect(store.settings.serverThresholds).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('refuses an empty server list and removes servers by keyboard', async () => {
    const store = memory({ ...base(), servers: ['only.example.com'] });
    const { page } = await openWindow(browser, { store });
    await page.getByRole('button', { name: 'Remove Server 1' }).focus();
    await page.keyboard.press('Enter');
    expect(await serverValues(page)).toEqual([]);
    expect(await page.locator('#servers-error').textContent()).toBe('Add at least one server.');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(store.saves).toBe(0);
    await page.context().close();
  });

  it('switches a server off and on in its row: saved as disabledServers, shown so on reopening; all off is refused', async () => {
    const store = memory();
    const { page, problems } = await openWindow(browser, { store });
    const on = (n: number, p = page) => p.getByRole('checkbox', { name: `On: Server ${n}` });
    expect([await on(1).isChecked(), await on(2).isChecked()]).toEqual([true, true]);
    await on(2).uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(1);
    expect(store.settings.disabledServers).toEqual(['192.0.2.1:123']);
    await on(1).uncheck();
    await expect.poll(() => page.locator('#servers-error').textContent()).toBe(engineMessage({ ...base(), disabledServers: base().servers }, 'disabledServers'));
    await page.getByRole('button', { name: 'Save' }).click();
    expect(store.saves).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();

    const again = await openWindow(browser, { store });
    expect([await on(1, again.page).isChecked(), await on(2, again.page).isChecked()]).toEqual([true, false]);
    await again.page.context().close();
  });

  it('says so when the settings cannot be written, and keeps the edits on screen', async () => {
    const store = { ...memory(), failWrites: 'ENOSPC: no space left on device' };
    const { page } = await openWindow(browser, { store });
    await page.getByLabel('Check interval').fill('90');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('ENOSPC: no space left on device');
    expect(await page.getByLabel('Check interval').inputValue()).toBe('90');
    expect(store.settings.intervalSeconds).toBe(64);
    await page.context().close();
  });

  it('Cancel discards the edits and closes; closing with unsaved edits (Escape, or main holding the close) asks Save / Discard / Cancel', async () => {
    const store = memory();
    const { page, problems } = await openWindow(browser, { store });
    const prompt = page.getByRole('dialog', { name: 'Unsaved changes' });
    // Nothing edited: Escape closes at once.
    await page.keyboard.press('Escape');
    expect([store.closes, await prompt.isVisible()]).toEqual([1, false]);
    await page.getByLabel('Check interval').fill('120');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByLabel('Check interval').inputValue()).toBe('64');
    expect(store.closes).toBe(2);

    await page.getByLabel('Check interval').fill('999');
    await expect.poll(() => store.unsaved).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => prompt.isVisible()).toBe(true);
    expect(await prompt.textContent()).toContain('The settings have changes that are not saved.');
    // Cancel (or Escape on the prompt): back to the edits, nothing closed.
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    expect([await prompt.isVisible(), await page.getByLabel('Check interval').inputValue(), store.closes]).toEqual([false, '999', 2]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    expect([await prompt.isVisible(), store.closes]).toEqual([false, 2]);
    // Discard: the saved settings come back, main hears there is nothing unsaved, and the window closes.
    await page.keyboard.press('Escape');
    await prompt.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => store.closes).toBe(3);
    expect([await page.getByLabel('Check interval').inputValue(), store.unsaved, store.saves]).toEqual(['64', false, 0]);

    // The window's close button, held by main, asks the same; Save saves, then closes.
    await page.getByLabel('Check interval').fill('120');
    await page.evaluate(() => (window as any).__requestClose());
    await prompt.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.closes).toBe(4);
    expect([store.saves, store.settings.intervalSeconds, store.unsaved]).toEqual([1, 120, false]);
    // An invalid edit: Save on the prompt is refused and the window stays, the problem marked.
    await page.getByLabel('Check interval').fill('5');
    await page.evaluate(() => (window as any).__requestClose());
    await prompt.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#intervalSeconds-error').isVisible()).toBe(true);
    expect([store.saves, store.closes, await prompt.isVisible()]).toEqual([1, 4, false]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('Test queries a real chronyd on loopback and shows offset, delay and stratum inline', async () => {
    const { page } = await openWindow(browser, { store: memory({ ...base(), servers: [chronyd.server, '127.0.0.1:1'] }) });
    await page.getByRole('button', { name: 'Test Server 1' }).click();
    const result = page.locator('#server-0-result');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/^The server is (level with|\d+\.\d+ ms (ahead of|behind)) this computer; delay \d+\.\d ms, stratum 8$/);
    expect(await result.getAttribute('class')).toContain('good');

    await page.getByRole('button', { name: 'Test Server 2' }).click();
    const failed = page.locator('#server-1-result');
    await expect.poll(() => failed.getAttribute('class'), { timeout: 10_000 }).toContain('bad');
    // Shown under the server's own field, so the message need not name it.
    expect(await failed.textContent()).toBe('Cannot reach the server (ECONNREFUSED).');

    await page.getByLabel('Server 2', { exact: true }).fill('x:0');
    await page.getByRole('button', { name: 'Test Server 2' }).click();
    await expect.poll(() => failed.textContent()).toContain('"x:0" has an invalid port.');
    await page.context().close();
  });

  it('switches a server to a pool and back, keeping its port; NTS and Pool are one choice; a pool saves as pool://', async () => {
    const store = memory({ ...base(), servers: ['ntp.example.com:11123'] });
    const { page, problems } = await openWindow(browser, { store });
    const poolSwitch = page.getByRole('button', { name: "A pool: up to 4 of the name's addresses are each checked as a server of their own: Server 1" });
    const ntsSwitch = page.getByRole('button', { name: 'Check with NTS (authenticated); the padlock shows it is on: Server 1' });
    expect(await poolSwitch.getAttribute('aria-pressed')).toBe('false');
    await poolSwitch.click();
    // A pool's members answer on the pool's port: the switch keeps it.
    expect(await serverValues(page)).toEqual(['pool://ntp.example.com:11123']);
    expect([await poolSwitch.getAttribute('aria-pressed'), await ntsSwitch.getAttribute('aria-pressed')]).toEqual(['true', 'false']);
    await ntsSwitch.click();
    expect(await serverValues(page)).toEqual(['nts://ntp.example.com']);
    expect([await poolSwitch.getAttribute('aria-pressed'), await ntsSwitch.getAttribute('aria-pressed')]).toEqual(['false', 'true']);
    await poolSwitch.click();
    await poolSwitch.click();
    expect(await serverValues(page)).toEqual(['ntp.example.com']);
    // An IP address is one server, not a pool: the engine's own rule says so as you type, and nothing is saved.
    await page.getByLabel('Server 1', { exact: true }).fill('pool://192.0.2.1');
    await expect.poll(() => page.locator('#server-0-error').textContent()).toContain('is not a pool');
    await page.getByLabel('Server 1', { exact: true }).fill('pool://pool.example.org');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(1);
    expect(store.settings).toMatchObject({ servers: ['pool://pool.example.org'] });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('switches a server to NTS and back, shows the padlock, tests it authenticated and saves it with the CA file', async () => {
    const store = memory({ ...base(), servers: [`127.0.0.1:${nts.ntpPort}`] });
    const { page, problems } = await openWindow(browser, { store, ca: pki.caPem });
    const row = page.locator('li.server').first();
    const ntsSwitch = page.getByRole('button', { name: 'Check with NTS (authenticated); the padlock shows it is on: Server 1' });
    expect(await ntsSwitch.getAttribute('aria-pressed')).toBe('false');
    expect(await row.getAttribute('class')).not.toContain('secure');

    await ntsSwitch.click();
    // NTP's UDP port is not the key exchange port: the switch keeps the host and drops the port.
    expect(await serverValues(page)).toEqual(['nts://127.0.0.1']);
    expect(await ntsSwitch.getAttribute('aria-pressed')).toBe('true');
    expect(await row.getAttribute('class')).toContain('secure');
    expect(await row.locator('svg.padlock').isVisible()).toBe(true);

    await page.getByLabel('Server 1', { exact: true }).fill(nts.server);
    await page.getByRole('button', { name: 'Test Server 1' }).click();
    const result = page.locator('#server-0-result');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/^Authenticated with NTS: the server is (level with|\d+\.\d+ ms (ahead of|behind)) this computer; delay \d+\.\d ms, stratum 8$/);

    // The CA file is checked in main when saving: a key is no CA, and nothing is stored.
    await page.getByLabel('Private CA for NTS').fill(`${pki.dir}/good.key`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#caFile-error').textContent()).toContain('The CA file holds no PEM certificate');
    expect(store.saves).toBe(0);
    await page.getByLabel('Private CA for NTS').fill(pki.caFile);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => store.saves).toBe(1);
    expect(store.settings).toMatchObject({ servers: [nts.server], caFile: pki.caFile });

    await ntsSwitch.click();
    expect(await serverValues(page)).toEqual(['127.0.0.1']);
    expect(await row.getAttribute('class')).not.toContain('secure');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('speaks Chinese when the system does, and switches language live', async () => {
    const store = memory();
    const { page } = await openWindow(browser, { store, systemLanguage: 'zh-CN' });
    expect(await page.title()).toBe('NTP 监视器设置');
    expect(await page.getByLabel('检查间隔').inputValue()).toBe('64');
    expect(await page.getByRole('button', { name: '保存' }).count()).toBe(1);
    await page.getByLabel('检查间隔').fill('5');
    expect(await page.locator('#intervalSeconds-error').textContent()).toBe(engineMessage({ ...base(), intervalSeconds: 5 }, 'intervalSeconds', 'zh-CN'));
    expect(await page.locator('#intervalSeconds-error').textContent()).toContain('检查间隔必须在 15 到 86400 秒 之间');
    await page.getByLabel('语言').selectOption('en');
    expect(await page.getByLabel('Check interval').inputValue()).toBe('5');
    expect(await page.locator('#intervalSeconds-error').textContent()).toBe(engineMessage({ ...base(), intervalSeconds: 5 }, 'intervalSeconds'));
    await page.context().close();
  });

  it("speaks Chinese in issue 10's fields and a server's own thresholds", async () => {
    const store = memory();
    const { page } = await openWindow(browser, { store, systemLanguage: 'zh-CN' });
    expect(await page.locator('#family option').allTextContents()).toEqual(['任意', '仅 IPv4', '仅 IPv6']);
    await page.getByLabel('每台服务器的采样数').fill('0');
    expect(await page.locator('#samples-error').textContent()).toBe(engineMessage({ ...base(), samples: 0 }, 'samples', 'zh-CN'));
    expect(await page.locator('#maxStratum-hint').textContent()).toContain('留空表示不限制');
    await page.getByText('单独阈值').first().click();
    await page.getByLabel('警告阈值（服务器 1）').fill('2');
    await page.getByLabel('严重阈值（服务器 1）').fill('1');
    expect(await page.locator('#server-0-own-error').textContent()).toBe(levelMessage(2, 1, 'zh-CN'));
    await page.getByLabel('每台服务器的采样数').fill('2');
    await page.getByLabel('严重阈值（服务器 1）').fill('4');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => store.saves).toBe(1);
    expect(store.settings).toMatchObject({ samples: 2, serverThresholds: [{ server: 'ntp.example.com', warningSeconds: 2, criticalSeconds: 4 }] });
    await page.context().close();
  });

  it('runs under its strict Content-Security-Policy: no inline code, nothing remote', async () => {
    const { page, problems } = await openWindow(browser, { store: memory() });
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    const blocked = await page.evaluate(async () => {
      const seen: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => seen.push(event.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { seen, ran: (window as any).__inline === 1 };
    });
    expect(blocked.ran).toBe(false);
    expect(blocked.seen).toContain('script-src-elem');
    expect(problems.filter((p) => !p.includes('script-src'))).toEqual([]);
    await page.context().close();
  });
});

describe.runIf(TAKING_SCREENSHOTS)('screenshots for the README', () => {
  const out = screenshotDir();
  it.each(SCREENSHOT_VARIANTS)('settings window, %s, %s theme', async (lang, colorScheme) => {
    // The second server is NTS (padlock shown); it is never queried, so the name need not exist.
    const store = memory({
      ...base(),
      servers: [chronyd.server, 'nts://nts.example.com'],
      webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef',
      webhookFormat: 'dingtalk',
      webhookSecret: 'SEC0123456789abcdef0123456789abcdef',
      samples: 4,
      maxStratum: 3,
      serverThresholds: [{ server: 'nts://nts.example.com', warningSeconds: 0.5, criticalSeconds: 2 }],
    });
    const { page } = await openWindow(browser, { store, systemLanguage: lang, colorScheme });
    const testLabel = lang === 'en' ? 'Test Server 1' : '测试 服务器 1';
    await page.getByRole('button', { name: testLabel }).click();
    await expect.poll(() => page.locator('#server-0-result').getAttribute('class'), { timeout: 10_000 }).toContain('good');
    await page.locator('#warningSeconds').fill('0.05x');
    // The whole window at once, footer at the bottom where the user sees it.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 560, height });
    await page.screenshot({ path: `${out}settings-${lang}-${colorScheme}.png` });
    expect(await page.getByLabel(lang === 'en' ? 'Webhook secret' : 'Webhook 加签密钥').getAttribute('type')).toBe('password');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(colorScheme === 'dark' ? 'rgb(30, 31, 34)' : 'rgb(246, 247, 249)');
    await page.context().close();
  });
});
