/** `ntp-monitor watch`: the engine and state machine of the desktop app, headless, until SIGINT or SIGTERM. */
import { parseArgs } from 'node:util';
import { printable } from '../i18n/display.js';
import { problemWords } from '../i18n/problem-words.js';
import { languageFromLocale, localeFromEnv, resolveLanguage, translate, type Language } from '../i18n/translate.js';
import { coalesce } from '../monitor/coalesce.js';
import { composeEngine } from '../engine/engine.js';
import { queryAny } from '../ntp/query-any.js';
import { commandLineLayer, readConfigFile, refusedFile, settingsFromLayers, type SettingsLayer, type SettingsResult } from '../settings/config-file.js';
import { caProblem, withCa } from '../settings/ca-file.js';
import { numeric } from '../settings/numbers.js';
import { webhookAdvice } from '../settings/webhook-advice.js';
import { defaultSettings, LIMITS, MAX_DISTANCE_SECONDS, type Settings } from '../settings/settings.js';
import { detectSystemServers } from '../settings/system-server.js';
import { AlertSinks } from '../sinks/sinks.js';
import { DEFAULT_ROTATION } from '../sinks/rotating-file.js';
import { measurementSettings, MEASUREMENT_OPTIONS, parseOrExplain } from './args.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { testTimeScale, TIME_SCALE_VARIABLE } from './test-time-scale.js';

const DEFAULTS = defaultSettings();

/** `watch --help` in the user's language, with the limits and defaults the settings have. */
export function watchHelp(lang: Language): string {
  return translate(lang, 'help.watch', {
    intervalMin: LIMITS.intervalSeconds.min,
    intervalMax: LIMITS.intervalSeconds.max,
    interval: DEFAULTS.intervalSeconds,
    warning: DEFAULTS.warningSeconds,
    critical: DEFAULTS.criticalSeconds,
    timeoutMin: LIMITS.timeoutMs.min,
    timeoutMax: LIMITS.timeoutMs.max,
    timeout: DEFAULTS.timeoutMs,
    confirmMin: LIMITS.confirm.min,
    confirmMax: LIMITS.confirm.max,
    confirm: DEFAULTS.confirm,
    logMegabytes: DEFAULT_ROTATION.maxBytes / 1024 / 1024,
    logFiles: DEFAULT_ROTATION.maxFiles,
    samplesMin: LIMITS.samples.min,
    samplesMax: LIMITS.samples.max,
    samples: DEFAULTS.samples,
    stratumMin: LIMITS.maxStratum.min,
    stratumMax: LIMITS.maxStratum.max,
    distanceMin: LIMITS.maxRootDistanceSeconds.min,
    distanceMax: LIMITS.maxRootDistanceSeconds.max,
    distance: MAX_DISTANCE_SECONDS,
    retentionDays: DEFAULTS.historyRetentionDays,
  });
}

const FLAGS = {
  servers: '--server',
  intervalSeconds: '--interval',
  warningSeconds: '--warning',
  criticalSeconds: '--critical',
  timeoutMs: '--timeout',
  confirm: '--confirm',
  webhookUrl: '--webhook',
  webhookFormat: '--webhook-format',
  webhookSecret: '--webhook-secret',
  metricsListen: '--metrics-listen',
  logFormat: '--log-format',
  historyFile: '--history',
  samples: '--samples',
  maxStratum: '--max-stratum',
  maxRootDistanceSeconds: '--max-root-distance',
  family: '--ipv4/--ipv6',
  caFile: '--ca',
  daemon: '--daemon',
} as const satisfies Partial<Record<keyof Settings, string>>;

export async function runWatch(args: string[], io: CliIo): Promise<number> {
  const locale = localeFromEnv(io.env);
  const fail = (lines: string[]) => {
    for (const line of lines) io.stderr.write(`ntp-monitor watch: ${printable(line)}\n`);
    return EXIT.unknown;
  };
  const parsed = parseOrExplain('watch', () => watchHelp(languageFromLocale(locale)), io, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        server: { type: 'string', multiple: true },
        ...MEASUREMENT_OPTIONS,
        interval: { type: 'string' },
        confirm: { type: 'string' },
        log: { type: 'string' },
        'log-format': { type: 'string' },
        webhook: { type: 'string' },
        'webhook-format': { type: 'string' },
        'webhook-secret': { type: 'string' },
        'metrics-listen': { type: 'string' },
        history: { type: 'string' },
        daemon: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const servers = [...(values.server ?? []), ...positionals];
  const flags = commandLineLayer({
    servers: servers.length > 0 ? servers : undefined,
    ...measurementSettings(values),
    intervalSeconds: numeric(values.interval),
    confirm: numeric(values.confirm),
    webhookUrl: values.webhook,
    webhookFormat: values['webhook-format'],
    webhookSecret: values['webhook-secret'],
    metricsListen: values['metrics-listen'],
    logFormat: values['log-format'],
    historyFile: values.history,
    caFile: values.ca,
    daemon: values.daemon,
  }, FLAGS);
  if (values.ipv4 && values.ipv6) return fail([translate(languageFromLocale(locale), 'check.family-both')]);
  const configFile = values.config;
  const load = () => loadSettings(configFile, flags);

  const first = await load();
  if (!first.ok) return fail(first.problems.map((problem) => problemWords(problem, languageFromLocale(locale))));

  const language = resolveLanguage(first.settings.language, locale);
  const onTrouble = (message: string) => void io.stderr.write(`ntp-monitor watch: ${printable(message)}\n`);
  let sinks: AlertSinks;
  try {
    sinks = await AlertSinks.start(first, { language, stream: io.stdout, logFile: values.log, onTrouble });
  } catch (error) {
    return fail([(error as Error).message]);
  }
  const timeScale = testTimeScale(io.env);
  const engine = composeEngine(first, { query: queryAny, locale, sinks, onTrouble, ...(timeScale !== undefined && { timeScale }) });
  const { monitor } = engine;
  await engine.history;
  if (timeScale !== undefined) sinks.note(`test-only ${TIME_SCALE_VARIABLE}=${timeScale}: every wait between polls is scaled`);
  const describe = (s: Settings) => ({ servers: s.servers.join(', '), interval: s.intervalSeconds, warning: s.warningSeconds, critical: s.criticalSeconds });
  sinks.note(translate(engine.language(), 'watch.started', describe(monitor.settings)));
  const advise = (s: Settings) => {
    for (const advice of webhookAdvice(s)) onTrouble(translate(engine.language(), 'watch.advice', { advice: problemWords(advice, engine.language()) }));
  };
  advise(monitor.settings);
  if (sinks.metricsUrl) sinks.note(translate(engine.language(), 'watch.metrics', { url: sinks.metricsUrl }));

  let stopping = false;
  const reload = async () => {
    if (configFile === undefined) return sinks.note(translate(engine.language(), 'watch.nothing-to-reload'));
    const next = await load();
    // The file may have taken long to read (a slow network file system): a stop asked meanwhile wins.
    if (stopping) return;
    if (!next.ok) return sinks.note(translate(engine.language(), 'watch.reload-failed', { file: configFile, problems: next.problems.map((problem) => problemWords(problem, engine.language())).join('; ') }));
    const metricsBefore = sinks.metricsUrl;
    await monitor.apply(next);
    sinks.note(translate(engine.language(), 'watch.reloaded', { file: configFile, ...describe(monitor.settings) }));
    advise(monitor.settings);
    if (sinks.metricsUrl && sinks.metricsUrl !== metricsBefore) sinks.note(translate(engine.language(), 'watch.metrics', { url: sinks.metricsUrl }));
  };
  // A burst of SIGHUPs (a config tool looping, a careless script) is one or two reloads, never one each.
  const reloads = coalesce(reload, (error) => sinks.note(`reload: ${String(error)}`));
  const onHangup = () => reloads.trigger();
  process.on('SIGHUP', onHangup);

  monitor.start();
  const signal = await untilStopped();
  sinks.note(translate(engine.language(), 'watch.stopping', { signal }));
  process.off('SIGHUP', onHangup);
  stopping = true;
  reloads.cancel();
  await untilOrAfter(reloads.idle(), RELOAD_WAIT_ON_STOP_MS);
  if (!(await monitor.stop())) io.stderr.write('ntp-monitor watch: stopped without waiting longer for queries or deliveries still under way\n');
  return EXIT.ok;
}

async function loadSettings(configFile: string | undefined, flags: SettingsLayer): Promise<SettingsResult> {
  const layers: SettingsLayer[] = [];
  if (configFile !== undefined) {
    const file = await readConfigFile(configFile);
    if (!file.ok) return refusedFile(file, [flags], DEFAULTS);
    layers.push(file.layer);
  }
  layers.push(flags);
  // Only when nobody named a server: reading the system's NTP configuration is then the best guess.
  const named = layers.some((layer) => Object.hasOwn(layer.values, 'servers'));
  const checked = settingsFromLayers(layers, named ? DEFAULTS : defaultSettings((await detectSystemServers()).servers));
  if (!checked.ok) return checked;
  // The CA is read here, once per (re)load, so that a bad file is refused with the other settings, never met at a poll.
  const loaded = await withCa(checked);
  if (loaded.ok) return { ok: true, ...loaded.checked };
  const origin = layers.findLast((layer) => Object.hasOwn(layer.values, 'caFile'))?.origin('caFile') ?? 'caFile';
  return { ok: false, problems: [caProblem(origin, checked.settings.caFile, loaded)] };
}

/** How long a stop waits for a reload already reading its file: never a hang on a slow file system. */
const RELOAD_WAIT_ON_STOP_MS = 1_000;

function untilOrAfter(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const after = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, after]).finally(() => clearTimeout(timer));
}

/** Resolves with the first SIGINT or SIGTERM; a second one then ends the process at once, as users expect. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
