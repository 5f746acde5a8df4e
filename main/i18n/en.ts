/** English texts. Placeholders are {name}. Every key here must exist in zh-CN.ts (the compiler checks). */
export const en = {
  'address.accepted':
    'Accepted: a host name (time.example.com), host:port, IPv4 (192.0.2.1, 192.0.2.1:123) or IPv6 (::1, [::1]:123); port 1-65535.',
  'address.empty': 'The server address is empty. {accepted}',
  'address.bad-port': '"{input}" has an invalid port. {accepted}',
  'address.bad-host': '"{input}" is not a server address. {accepted}',

  'field.servers': 'Servers',
  'field.intervalSeconds': 'Check interval',
  'field.warningSeconds': 'Warning threshold',
  'field.criticalSeconds': 'Critical threshold',
  'field.confirm': 'Confirmations',
  'field.failuresBeforeUnreachable': 'Failures before unreachable',
  'field.timeoutMs': 'Reply timeout',
  'field.notifications': 'Notifications',
  'field.startAtLogin': 'Start at login',
  'field.language': 'Language',
  'field.webhookUrl': 'Webhook URL',
  'field.metricsListen': 'Metrics address',

  'settings.not-object': 'Settings must be a JSON object.',
  'settings.unknown-key': '"{key}" is not a setting. Known settings: {known}.',
  'settings.not-number': '{field} must be a number, got "{value}". Accepted: {min} to {max} {unit}.',
  'settings.out-of-range': '{field} must be between {min} and {max} {unit}, got {value}.',
  'settings.not-integer': '{field} must be a whole number from {min} to {max}, got {value}.',
  'settings.critical-below-warning':
    'Critical threshold ({critical} s) must be at least the warning threshold ({warning} s).',
  'settings.not-boolean': '{field} must be true or false.',
  'settings.not-one-of': '{field} must be one of: {allowed}; got "{value}".',
  'settings.servers-not-list': 'Servers must be a list of addresses.',
  'settings.servers-empty': 'Add at least one server.',
  'settings.servers-too-many': 'At most {max} servers can be watched; there are {count}.',
  'settings.servers-duplicate': '"{input}" is listed twice.',
  'settings.bad-url': '{field} must be an http:// or https:// URL, got "{value}".',
  'settings.bad-listen': '{field} must be a port (9123) or host:port (127.0.0.1:9123, [::1]:9123), or empty for off; got "{value}".',

  'unit.seconds': 's',
  'unit.milliseconds': 'ms',
  'unit.none': '',

  'failure.timeout': 'No reply from {server} within {timeoutMs} ms.',
  'failure.dns': 'Cannot resolve the name of {server} ({code}).',
  'failure.unreachable': 'Cannot reach {server} ({code}).',
  'failure.kod-rate': '{server} asks us to query less often (Kiss-o\'-Death RATE); backing off.',
  'failure.kod-deny': '{server} refuses to serve us (Kiss-o\'-Death {code}); no more queries until its settings change.',
  'failure.kod-other': '{server} sent Kiss-o\'-Death {code} instead of the time.',
  'failure.unsynchronized': '{server} says its own clock is not synchronized (leap {leap}, stratum {stratum}).',
  'failure.bogus': '{server} sent a reply that fails the {code} check; it was ignored.',
  'failure.invalid-address': '{message}',

  'state.unknown': 'UNKNOWN',
  'state.ok': 'OK',
  'state.warning': 'WARNING',
  'state.critical': 'CRITICAL',
  'state.unreachable': 'UNREACHABLE',

  'transition.title': '{server}: {state}',
  'transition.alarm': '{server} is {offset} from this computer, beyond the {threshold} threshold: {state}.',
  'transition.recovered': '{server} is back within the {threshold} threshold ({offset}): {state}.',
  'transition.ok': '{server} is {offset} from this computer: {state}.',
} as const;

export type MessageKey = keyof typeof en;
