/**
 * The text "Copy diagnostics" puts on the clipboard for a support ticket: version, OS, the settings with every secret
 * left out, each server's last result and failure cause, and the verdict. Pure (the desktop glue passes in what it
 * reads from Electron and the OS), so a test can prove that no secret ever reaches it.
 */
import type { StatusView } from '../contract.js';
import { formatOffset, verdictLines } from '../i18n/offset-words.js';
import { stateWord } from '../i18n/state-words.js';
import type { Settings } from '../settings/settings.js';

/** Where the app runs: what the glue reads from `process` and `node:os`. */
export interface Environment {
  version: string;
  /** process.versions: electron, chrome, node... (only those present are written). */
  versions: Partial<Record<'electron' | 'chrome' | 'node', string>>;
  platform: string;
  arch: string;
  /** os.release(). */
  release: string;
  locale: string;
}

export interface DiagnosticsInput {
  environment: Environment;
  settings: Settings;
  view: StatusView;
  now: number;
}

/** What stands where a secret was. */
export const REDACTED = '[redacted]';

/**
 * A webhook URL without what may be a credential: user and password, the path (Slack's, Feishu's and generic
 * receivers' tokens live there) and the query (DingTalk's access_token, WeCom's key). Scheme, host and port stay,
 * which is what a ticket needs to see where the alerts go. Something that does not parse is left out whole.
 */
export function redactUrl(url: string): string {
  if (url === '') return '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  const hidden = parsed.username !== '' || parsed.password !== '' || parsed.pathname.length > 1 || parsed.search !== '' || parsed.hash !== '';
  return `${parsed.protocol}//${parsed.host}${hidden ? `/${REDACTED}` : '/'}`;
}

/** The settings as they may be shown to anyone: the webhook's URL reduced to where it goes, its secret only said to be set. */
export function redactedSettings(settings: Settings): Record<string, unknown> {
  return {
    ...settings,
    webhookUrl: redactUrl(settings.webhookUrl),
    webhookSecret: settings.webhookSecret === '' ? '' : REDACTED,
  };
}

const ms = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(3)} ms`);
const when = (at: number | undefined) => (at === undefined ? 'never' : new Date(at).toISOString());

/** One line per server (its state, last measurement and check), and its failure cause under it when the last poll failed. */
function serverLines(view: StatusView): string[] {
  if (view.servers.length === 0) return ['  (none)'];
  return view.servers.flatMap((row) => {
    const state = stateWord(row.state, 'en', row.failure?.kind);
    const judged = row.falseticker ? ', falseticker (confirmed)' : row.selection ? `, ${row.selection}` : '';
    const offset = row.offsetMs === undefined ? '-' : `${formatOffset(row.offsetMs)} (server - this computer)`;
    const line = `  ${row.server}: ${state}${judged}; offset ${offset}, delay ${ms(row.delayMs)}, jitter ${ms(row.jitterMs)}, stratum ${row.stratum ?? '-'}, refid ${row.refId ?? '-'}; last check ${when(row.lastCheckAt)}`;
    return row.failure ? [line, `    last poll failed (${row.failure.kind}): ${row.failure.message}`] : [line];
  });
}

/**
 * The summary, in English whatever the window's language: it is read by whoever answers the ticket, and it is what
 * the log already speaks. Times are UTC (ISO 8601), so the reader need not know the sender's time zone.
 */
export function diagnosticsText(input: DiagnosticsInput): string {
  const { environment: env, view } = input;
  const runtime = (['electron', 'chrome', 'node'] as const).filter((name) => env.versions[name]).map((name) => `${name} ${env.versions[name]}`);
  const snooze = view.snoozedUntil === undefined ? 'on' : `snoozed until ${new Date(view.snoozedUntil).toISOString()}`;
  return [
    `NTP Monitor diagnostics, ${new Date(input.now).toISOString()}`,
    `Version: ${env.version} (${runtime.join(', ')})`,
    `OS: ${env.platform} ${env.arch}, release ${env.release}; locale ${env.locale}`,
    `Overall: ${stateWord(view.overall, 'en')}`,
    `Verdict: ${verdictLines(view.verdict, 'en').join(' ')}`,
    `Monitoring: ${view.paused ? 'paused' : 'running'}; notifications ${snooze}; history ${view.historyAvailable ? 'available' : 'unavailable'}`,
    'Servers:',
    ...serverLines(view),
    'Settings (secrets redacted):',
    JSON.stringify(redactedSettings(input.settings), null, 2),
    '',
  ].join('\n');
}
