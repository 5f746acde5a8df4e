/** `ntp-monitor watch`: the engine and state machine of the desktop app, headless, until SIGINT or SIGTERM. */
import { parseArgs } from 'node:util';
import { printable } from '../i18n/display.js';
import { languageFromLocale, localeFromEnv, resolveLanguage, translate, type Language } from '../i18n/translate.js';
import { coalesce } from '../monitor/coalesce.js';
import { Monitor } from '../monitor/monitor.js';
import { queryAny } from '../ntp/query-any.js';
import { commandLineLayer, readConfigFile, refusedFile, settingsFromLayers, type SettingsLayer, type SettingsResult } from '../settings/config-file.js';
import { caProblemLine, withCa } from '../settings/ca-file.js';
import { numeric } from '../settings/numbers.js';
import { defaultSettings, LIMITS, MAX_DISTANCE_SECONDS, type Settings } from '../settings/settings.js';
import { detectSystemServers } from '../settings/system-server.js';
import { MonitorHistory } from '../history/monitor-history.js';
import { AlertSinks } from '../sinks/sinks.js';
import { DEFAULT_ROTATION } from '../sinks/rotating-file.js';
import { measurementSettings, MEASUREMENT_OPTIONS, parseOrExplain } from './args.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

const DEFAULTS = defaultSettings();

export const WATCH_HELP = `Usage: ntp-monitor watch [--config FILE] [--server SERVER]... [options]

Watches time servers until stopped (Ctrl-C, SIGTERM), with the same engine and states as the desktop app.
Prints one line per sample and per state change. On SIGHUP, reads --config again; every server keeps its state.

--config FILE          settings file: the original script's config.ini ([ntp_server] with server_addr,
                       interval, threshold) or the app's settings JSON; the flags below override it
--server SERVER        a server to watch (repeatable; SERVER... after the options works too):
                       host, host:port, IPv4 (192.0.2.1, 192.0.2.1:123), IPv6 (::1, [::1]:123), or
                       nts://host[:port] to check it authenticated with NTS (port: key exchange, default 4460)
--interval S           seconds between polls of each server (${LIMITS.intervalSeconds.min}-${LIMITS.intervalSeconds.max}; default ${DEFAULTS.intervalSeconds})
--warning S            WARNING when |offset| >= S seconds (decimals allowed; default ${DEFAULTS.warningSeconds})
--critical S           CRITICAL when |offset| >= S seconds (default ${DEFAULTS.criticalSeconds}; at least --warning)
--timeout MS           wait at most MS milliseconds for each reply (${LIMITS.timeoutMs.min}-${LIMITS.timeoutMs.max}; default ${DEFAULTS.timeoutMs})
--confirm N            consecutive samples that must agree before a state changes (${LIMITS.confirm.min}-${LIMITS.confirm.max}; default ${DEFAULTS.confirm})
--log FILE             also append the lines to FILE (rotated at ${DEFAULT_ROTATION.maxBytes / 1024 / 1024} MB, ${DEFAULT_ROTATION.maxFiles} files kept)
--webhook URL          POST a JSON alert to URL (http:// or https://) on each alarm and recovery
--metrics-listen ADDR  serve Prometheus metrics at http://ADDR/metrics; PORT alone means 127.0.0.1:PORT
--samples N            send N requests per poll, 2 s apart, and keep the one with the least delay (${LIMITS.samples.min}-${LIMITS.samples.max}; default ${DEFAULTS.samples})
--max-stratum N        a server with a stratum above N is WARNING, the reason named (${LIMITS.maxStratum.min}-${LIMITS.maxStratum.max}; default: no limit)
--max-root-distance S  a server whose root distance exceeds S seconds is WARNING and does not vote (${LIMITS.maxRootDistanceSeconds.min}-${LIMITS.maxRootDistanceSeconds.max}; default ${MAX_DISTANCE_SECONDS})
--ipv4, --ipv6         use only that address family for host names
--ca FILE              also trust this PEM CA for NTS servers' certificates (config.ini: ca; read on start and SIGHUP)
--history FILE         record every sample and failure in the SQLite file FILE (read it with ntp-monitor history);
                       kept ${DEFAULTS.historyRetentionDays} days (config.ini: history_retention_days)
--help                 show this help

In config.ini, threshold = T means warning = critical = T: an offset of T seconds or more is CRITICAL.
A section [server NAME] (NAME as in server_addr) gives one server its own threshold, or warning and critical.
With 3 or more servers answering, the servers are also judged together (RFC 5905 selection): when most of them
moved together, the alarm is about this computer's clock (one alarm, not one per server); a server that disagrees
with the others gets its own alarm (falseticker); a leap second announced by most servers is alerted once.
With no server given anywhere, watches the time server this computer is configured to use.
Exit status: 0 after SIGINT or SIGTERM; 3 for bad settings, every problem listed.
`;

const FLAGS = {
  servers: '--server',
  intervalSeconds: '--interval',
  warningSeconds: '--warning',
  criticalSeconds: '--critical',
  timeoutMs: '--timeout',
  confirm: '--confirm',
  webhookUrl: '--webhook',
  metricsListen: '--metrics-listen',
  historyFile: '--history',
  samples: '--samples',
  maxStratum: '--max-stratum',
  maxRootDistanceSeconds: '--max-root-distance',
  family: '--ipv4/--ipv6',
  caFile: '--ca',
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
        ...MEASUREMENT_OPTIONS,
        interval: { type: 'string' },
        confirm: { type: 'string' },
        log: { type: 'string' },
        webhook: { type: 'string' },
        'metrics-listen': { type: 'string' },
        history: { type: 'string' },
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
    metricsListen: values['metrics-listen'],
    historyFile: values.history,
    caFile: values.ca,
  }, FLAGS);
  if (values.ipv4 && values.ipv6) return fail([translate(languageFromLocale(locale), 'check.family-both')]);
  const configFile = values.config;
  const load = (lang: Language) => loadSettings(configFile, flags, lang);

  const first = await load(languageFromLocale(locale));
  if (!first.ok) return fail(first.problems);

  const language = resolveLanguage(first.settings.language, locale);
  const onTrouble = (message: string) => void io.stderr.write(`ntp-monitor watch: ${printable(message)}\n`);
  let sinks: AlertSinks;
  try {
    sinks = await AlertSinks.start(first, { language, stream: io.stdout, logFile: values.log, onTrouble });
  } catch (error) {
    return fail([(error as Error).message]);
  }
  const history = await MonitorHistory.open(first.settings, { language, onTrouble });
  // History first: a sample line on stdout then proves its row is already committed, whatever kills us next.
  const timeScale = testTimeScale(io.env);
  const monitor = new Monitor(first, { query: queryAny, locale, listeners: [history, sinks], ...(timeScale !== undefined && { timeScale }) });
  if (timeScale !== undefined) sinks.note(`test-only ${TIME_SCALE_VARIABLE}=${timeScale}: every wait between polls is scaled`);
  const describe = (s: Settings) => ({ servers: s.servers.join(', '), interval: s.intervalSeconds, warning: s.warningSeconds, critical: s.criticalSeconds });
  sinks.note(translate(monitor.language, 'watch.started', describe(monitor.settings)));
  if (sinks.metricsUrl) sinks.note(translate(monitor.language, 'watch.metrics', { url: sinks.metricsUrl }));

  let stopping = false;
  const reload = async () => {
    if (configFile === undefined) return sinks.note(translate(monitor.language, 'watch.nothing-to-reload'));
    const next = await load(monitor.language);
    // The file may have taken long to read (a slow network file system): a stop asked meanwhile wins.
    if (stopping) return;
    if (!next.ok) return sinks.note(translate(monitor.language, 'watch.reload-failed', { file: configFile, problems: next.problems.join('; ') }));
    const metricsBefore = sinks.metricsUrl;
    await monitor.apply(next);
    sinks.note(translate(monitor.language, 'watch.reloaded', { file: configFile, ...describe(monitor.settings) }));
    if (sinks.metricsUrl && sinks.metricsUrl !== metricsBefore) sinks.note(translate(monitor.language, 'watch.metrics', { url: sinks.metricsUrl }));
  };
  // A burst of SIGHUPs (a config tool looping, a careless script) is one or two reloads, never one each.
  const reloads = coalesce(reload, (error) => sinks.note(`reload: ${String(error)}`));
  const onHangup = () => reloads.trigger();
  process.on('SIGHUP', onHangup);

  monitor.start();
  const signal = await untilStopped();
  sinks.note(translate(monitor.language, 'watch.stopping', { signal }));
  process.off('SIGHUP', onHangup);
  stopping = true;
  reloads.cancel();
  await untilOrAfter(reloads.idle(), RELOAD_WAIT_ON_STOP_MS);
  if (!(await monitor.stop())) io.stderr.write('ntp-monitor watch: stopped without waiting longer for queries or deliveries still under way\n');
  return EXIT.ok;
}

async function loadSettings(configFile: string | undefined, flags: SettingsLayer, lang: Language): Promise<SettingsResult> {
  const layers: SettingsLayer[] = [];
  if (configFile !== undefined) {
    const file = await readConfigFile(configFile, lang);
    if (!file.ok) return refusedFile(file, [flags], DEFAULTS, lang);
    layers.push(file.layer);
  }
  layers.push(flags);
  // Only when nobody named a server: reading the system's NTP configuration is then the best guess.
  const named = layers.some((layer) => Object.hasOwn(layer.values, 'servers'));
  const checked = settingsFromLayers(layers, named ? DEFAULTS : defaultSettings((await detectSystemServers()).servers), lang);
  if (!checked.ok) return checked;
  // The CA is read here, once per (re)load, so that a bad file is refused with the other settings, never met at a poll.
  const loaded = await withCa(checked, lang);
  if (loaded.ok) return { ok: true, ...loaded.checked };
  const origin = layers.findLast((layer) => Object.hasOwn(layer.values, 'caFile'))?.origin('caFile') ?? 'caFile';
  return { ok: false, problems: [caProblemLine(origin, checked.settings.caFile, loaded, lang)] };
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

/**
 * The test suite's switch to see several poll rounds of a spawned `watch` without waiting out RFC 4330's 15 s floor:
 * an environment variable, never a setting (no config.ini key, flag or JSON field reaches it), honoured only with
 * NODE_ENV=test as well, and announced in the log when it is. Values outside (0, 1] are ignored.
 */
export const TIME_SCALE_VARIABLE = 'NTP_MONITOR_TEST_TIME_SCALE';

function testTimeScale(env: NodeJS.ProcessEnv): number | undefined {
  if (env.NODE_ENV !== 'test' || env[TIME_SCALE_VARIABLE] === undefined) return undefined;
  const scale = Number(env[TIME_SCALE_VARIABLE]);
  return scale > 0 && scale <= 1 ? scale : undefined;
}
