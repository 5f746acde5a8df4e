/** A failed query in words: the sentence every face shows beside the server's name, made from the failure's kind and parameters. */
import type { AddressProblem } from '../ntp/address.js';
import type { KeReason } from '../ntp/nts/ke-client.js';
import type { Failure, FailureKind } from '../ntp/result.js';
import { translate, type Language, type MessageKey } from './translate.js';

/** The key-exchange outcomes with words of their own; the rest say the generic `failure.nts-ke`. */
const KE_KEYS: Partial<Record<KeReason, MessageKey>> = {
  certificate: 'failure.nts-ke-certificate',
  alpn: 'failure.nts-ke-alpn',
  timeout: 'failure.nts-ke-timeout',
  'error-record': 'failure.nts-ke-refused',
  'warning-record': 'failure.nts-ke-refused',
  'no-common-protocol': 'failure.nts-ke-refused',
  'no-common-aead': 'failure.nts-ke-refused',
  'bad-server-name': 'failure.nts-ke-bad-server',
};

/**
 * The failure in `lang`. It names the host (never host:port) and not the server, which every face shows beside it;
 * for NTS, once the key exchange sent us to another NTP server, that server's host, and a note saying where we went.
 */
export function failureWords(failure: Failure, lang: Language): string {
  if (failure.kind === 'invalid-address') {
    const problem = (failure.code ?? 'bad-host') as AddressProblem;
    return translate(lang, `address.${problem}`, { input: failure.server, accepted: translate(lang, 'address.accepted') });
  }
  const ntpHost = failure.ntpServer === undefined ? undefined : hostOf(failure.ntpServer);
  const host = ntpHost ?? failure.host ?? failure.server;
  const params = {
    host,
    code: failure.code ?? '',
    ...(failure.timeoutMs !== undefined && { timeoutMs: failure.timeoutMs }),
    ...(failure.leap !== undefined && { leap: failure.leap }),
    ...(failure.stratum !== undefined && { stratum: failure.stratum }),
    ...(failure.family !== undefined && { family: `IPv${failure.family}` }),
  };
  const words = translate(lang, messageKey(failure.kind, failure), params);
  const elsewhere = ntpHost !== undefined && ntpHost.toLowerCase() !== (failure.host ?? '').toLowerCase();
  // The note carries its own leading space where the language wants one.
  return elsewhere ? words + translate(lang, 'failure.nts-ntp-server', { ntp: failure.ntpServer!, server: failure.server }) : words;
}

function messageKey(kind: Exclude<FailureKind, 'invalid-address'>, failure: Failure): MessageKey {
  switch (kind) {
    case 'kod':
      if (failure.code === 'RATE') return 'failure.kod-rate';
      return failure.code === 'DENY' || failure.code === 'RSTR' ? 'failure.kod-deny' : 'failure.kod-other';
    case 'dns':
      return failure.family === undefined ? 'failure.dns' : 'failure.dns-family';
    case 'nts-ke':
      return (failure.keReason && KE_KEYS[failure.keReason]) ?? 'failure.nts-ke';
    default:
      return `failure.${kind}`;
  }
}

/** The host of `host:port` or `[v6]:port`. */
function hostOf(hostPort: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(hostPort);
  return bracketed ? bracketed[1]! : hostPort.slice(0, hostPort.lastIndexOf(':'));
}
