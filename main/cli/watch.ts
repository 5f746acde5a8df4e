/** `ntp-monitor watch`: the engine and state machine of the desktop app, headless, until SIGINT or SIGTERM. */
import { parseArgs } from 'node:util';
import { printable } from '../i18n/display.js';
import { languageFromLocale, localeFromEnv, resolveLanguage, translate, type Language } from '../i18n/translate.js';
import { queryServer } from '../ntp/query.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { commandLineLayer, readConfigFile, settingsFromLayers, type SettingsLayer, type SettingsResult } from '../settings/config-file.js';
import { numeric } from '../settings/numbers.js';
import { defaultSettings, LIMITS, type Settings } from '../settings/settings.js';
import { detectSystemServers } from '../settings/system-server.js';
import { AlertSinks, attachSinks } from '../sinks/sinks.js';
import { DEFAULT_ROTATION } from '../sinks/rotating-file.js';
import { parseOrExplain } from './args.js';
import { EXIT, type CliIo } from './exit-codes.js';

const DEFAULTS = defaultSettings();

export const WATCH_HELP = `Usage: ntp-monitor watch [--config FILE] [--server SERVER]... [options]

Watches time servers until stopped (Ctrl-C, SIGTERM), with the same engine and states as the desktop app.
Prints one line per sample and per state change. On SIGHUP, reads --config again; every server keeps its state.

--config FILE          settings file: the original script's config.ini ([ntp_server] with server_addr,
                       interval, threshold) or the app's settings JSON; the flags below override it
--server SERVER        a server to watch (repeatable; SERVER... after the options works too):
                       host, host:port, IPv4 (192.0.2.1, 192.0.2.1:123), IPv6 (::1, [::1]:123)
--interval S           seconds between polls of each server (${LIMITS.intervalSeconds.min}-${LIMITS.intervalSeconds.max}; default ${DEFAULTS.intervalSeconds})
--warning S            WARNING when |offset| >= S seconds (decimals allowed; default ${DEFAULTS.warningSeconds})
--critical S           CRITICAL when |offset| >= S seconds (default ${DEFAULTS.criticalSeconds}; at least --warning)
--confirm N            consecutive samples that must agree before a state changes (${LIMITS.confirm.min}-${LIMITS.confirm.max}; default ${DEFAULTS.confirm})
--log FILE             also append the lines to FILE (rotated at ${DEFAULT_ROTATION.maxBytes / 1024 / 1024} MB, ${DEFAULT_ROTATION.maxFiles} files kept)
--webhook URL          POST a JSON alert to URL (http:// or https://) on each alarm and recovery
--metrics-listen ADDR  serve Prometheus metrics at http://ADDR/metrics; PORT alone means 127.0.0.1:PORT
--help                 show this help

In config.ini, threshold = T means warning = critical = T: an offset of T seconds or more is CRITICAL.
With no server given anywhere, watches the time server this computer is configured to use.
Exit status: 0 after SIGINT or SIGTERM; 3 for bad settings, every problem listed.
`;

const FLAGS = {
  servers: '--server',
  intervalSeconds: '--interval',
  warningSeconds: '--warning',
  criticalSeconds: '--critical',
  confirm: '--confirm',
  webhookUrl: '--webhook',
  metricsListen: '--metrics-listen',
} as const satisfies Partial<Record<keyof Settings, string>>;

export async function runWatch(args: string[], io: CliIo): Promise<number> {
  const locale = localeFromEnv(io.env);
  const fail = (lines: string[]) => {
    for (const line of lines) io.stderr.write(`ntp-monitor watch: ${printable(line)}\n`);
    return EXIT.unknown;
  };
  const parsed = parseOrExplain('watch', WATCH_HELP, io, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        server: { type: 'string', multiple: true },
        interval: { type: 'string' },
        warning: { type: 'string' },
        critical: { type: 'string' },
        confirm: { type: 'string' },
        log: { type: 'string' },
        webhook: { type: 'string' },
        'metrics-listen': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const servers = [...(values.server ?? []), ...positionals];
  const flags = commandLineLayer({
    servers: servers.length > 0 ? servers : undefined,
    intervalSeconds: numeric(values.interval),
    warningSeconds: numeric(values.warning),
    criticalSeconds: numeric(values.critical),
    confirm: numeric(values.confirm),
    webhookUrl: values.webhook,
    metricsListen: values['metrics-listen'],
  }, FLAGS);
  const configFile = values.config;
  const load = (lang: Language) => loadSettings(configFile, flags, lang);

  const first = await load(languageFromLocale(locale));
  if (!first.ok) return fail(first.problems);
  let settings = first.settings;
  let lang = resolveLanguage(settings.language, locale);

  let sinks: AlertSinks;
  try {
    sinks = await AlertSinks.start(settings, {
      language: lang,
      stream: io.stdout,
      logFile: values.log,
      onTrouble: (message) => io.stderr.write(`ntp-monitor watch: ${printable(message)}\n`),
    });
  } catch (error) {
    return fail([(error as Error).message]);
  }
  const scheduler = new Scheduler(settings, { query: (server, { timeoutMs }) => queryServer(server, { timeoutMs, language: lang }) });
  const detach = attachSinks(scheduler, sinks);
  const describe = (s: Settings) => ({ servers: s.servers.join(', '), interval: s.intervalSeconds, warning: s.warningSeconds, critical: s.criticalSeconds });
  sinks.note(translate(lang, 'watch.started', describe(settings)));
  if (sinks.metricsUrl) sinks.note(translate(lang, 'watch.metrics', { url: sinks.metricsUrl }));

  const reload = async () => {
    if (configFile === undefined) return sinks.note(translate(lang, 'watch.nothing-to-reload'));
    const next = await load(lang);
    if (!next.ok) return sinks.note(translate(lang, 'watch.reload-failed', { file: configFile, problems: next.problems.join('; ') }));
    settings = next.settings;
    lang = resolveLanguage(settings.language, locale);
    const metricsBefore = sinks.metricsUrl;
    scheduler.update(settings);
    await sinks.update(settings, lang);
    sinks.note(translate(lang, 'watch.reloaded', { file: configFile, ...describe(settings) }));
    if (sinks.metricsUrl && sinks.metricsUrl !== metricsBefore) sinks.note(translate(lang, 'watch.metrics', { url: sinks.metricsUrl }));
  };
  let reloading = Promise.resolve();
  const onHangup = () => (reloading = reloading.then(reload));
  process.on('SIGHUP', onHangup);

  scheduler.start();
  const signal = await untilStopped();
  sinks.note(translate(lang, 'watch.stopping', { signal }));
  await reloading;
  process.off('SIGHUP', onHangup);
  await scheduler.stop();
  detach();
  await sinks.close();
  return EXIT.ok;
}

async function loadSettings(configFile: string | undefined, flags: SettingsLayer, lang: Language): Promise<SettingsResult> {
  const layers: SettingsLayer[] = [];
  if (configFile !== undefined) {
    const file = await readConfigFile(configFile, lang);
    if (!file.ok) {
      // Still name the bad flags, so that one run shows every problem.
      const alone = settingsFromLayers([flags], DEFAULTS, lang);
      const flagProblems = alone.ok ? [] : alone.problems.filter((problem) => problem.startsWith('--'));
      return { ok: false, problems: [...file.problems, ...flagProblems] };
    }
    layers.push(file.layer);
  }
  layers.push(flags);
  // Only when nobody named a server: reading the system's NTP configuration is then the best guess.
  const named = layers.some((layer) => Object.hasOwn(layer.values, 'servers'));
  return settingsFromLayers(layers, named ? DEFAULTS : defaultSettings(await detectSystemServers()), lang);
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
