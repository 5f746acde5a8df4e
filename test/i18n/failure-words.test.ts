import { describe, expect, it } from 'vitest';
import { failureWords } from '../../main/i18n/failure-words.js';
import type { Failure } from '../../main/ntp/result.js';

const at = 1_800_000_000_000;
const of = (failure: Partial<Failure> & Pick<Failure, 'kind'>): Failure => ({ server: 'time.test', host: 'time.test', port: 123, at, ...failure });

describe('failureWords: a failure worded from its kind and parameters', () => {
  it.each<[Partial<Failure> & Pick<Failure, 'kind'>, string]>([
    [{ kind: 'timeout', timeoutMs: 500 }, 'No reply within 500 ms.'],
    [{ kind: 'dns', code: 'ENOTFOUND' }, 'Cannot resolve the host name time.test (ENOTFOUND).'],
    [{ kind: 'dns', code: 'ENODATA', family: 6 }, 'The host name time.test has no IPv6 address (ENODATA).'],
    [{ kind: 'kod', code: 'RATE' }, "The server asks us to query less often (Kiss-o'-Death RATE); backing off."],
    [{ kind: 'kod', code: 'RSTR' }, "The server refuses to serve us (Kiss-o'-Death RSTR); no more queries until its settings change."],
    [{ kind: 'kod', code: 'XYZW' }, "The server sent Kiss-o'-Death XYZW instead of the time."],
    [{ kind: 'unsynchronized', leap: 3, stratum: 16 }, 'The server answers, but says its own clock is not synchronized (leap 3, stratum 16).'],
    [{ kind: 'nts-ke', code: 'ETIMEDOUT', keReason: 'timeout', timeoutMs: 900 }, 'The NTS key exchange did not finish within 900 ms.'],
    [{ kind: 'nts-ke', code: 'ERR_SSL', keReason: 'tls' }, 'The NTS key exchange failed (ERR_SSL); no time was measured.'],
    [{ kind: 'invalid-address', server: 'a b', code: 'bad-host' }, '"a b" is not a server address. Accepted:'],
    [{ kind: 'invalid-address', server: 'nts://x:0', code: 'nts-invalid' }, '"nts://x:0" is not an NTS server address.'],
  ])('%j', (failure, words) => {
    expect(failureWords(of(failure), 'en').startsWith(words)).toBe(true);
  });

  it('names the NTP server an NTS key exchange sent us to, and its host, when that is another host', () => {
    const failure = of({ kind: 'dns', code: 'ENOTFOUND', server: 'nts://ke.test', host: 'ke.test', port: 4460, ntpServer: '[2001:db8::1]:123' });
    expect(failureWords(failure, 'en')).toBe(
      'Cannot resolve the host name 2001:db8::1 (ENOTFOUND). (The key exchange with nts://ke.test sent us to the NTP server [2001:db8::1]:123.)',
    );
    expect(failureWords({ ...failure, ntpServer: 'KE.test:123' }, 'en')).toBe('Cannot resolve the host name KE.test (ENOTFOUND).');
  });

  it('speaks Chinese, with the same parameters', () => {
    expect(failureWords(of({ kind: 'timeout', timeoutMs: 500 }), 'zh-CN')).toBe('在 500 毫秒内没有应答。');
    expect(failureWords(of({ kind: 'invalid-address', server: '', code: 'empty' }), 'zh-CN')).toMatch(/^服务器地址为空。/);
  });
});
