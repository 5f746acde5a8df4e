/**
 * Every new reply parser on truncated, oversized and random input: a typed result (ok, or the check that failed),
 * never a throw. chrony's are in chrony-wire.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAdjtimexPrint, parseNtptime } from '../../main/timeservice/kernel-state.js';
import { checkFragment, encodeRequest, HEADER, MAX_ANSWER_BYTES, parseVariables, Reassembly } from '../../main/timeservice/mode6-wire.js';
import { peerVariables, systemVariables } from '../../main/timeservice/ntpd-vars.js';
import { parseSntpOutput } from '../../main/timeservice/sntp-output.js';
import { parseBusctlOutput } from '../../main/timeservice/timesyncd-reader.js';
import { parseW32tmStatus } from '../../main/timeservice/w32tm-status.js';

const SYSTEM_TEXT = 'leap=0, stratum=2, rootdelay=1.250, rootdisp=3.500, refid=192.0.2.1,\r\nreftime=0xeec01d48.2e1aa087, tc=6, peer=17767, offset=-0.125000,\r\nversion="ntpd ntpsec-1.2.2"\r\n';

/** ntpd's answer to READVAR 0 with sequence 7, as one fragment. */
function reply(text: string, flags = 0x82, offset = 0, count?: number): Buffer {
  const data = Buffer.from(text, 'latin1');
  const packet = Buffer.alloc(HEADER + Math.ceil(data.length / 4) * 4);
  packet[0] = 0x16;
  packet[1] = flags;
  packet.writeUInt16BE(7, 2);
  packet.writeUInt16BE(0x0615, 4);
  packet.writeUInt16BE(offset, 8);
  packet.writeUInt16BE(count ?? data.length, 10);
  data.copy(packet, HEADER);
  return packet;
}

/** The whole pipeline on one datagram: fragment check, reassembly, variables, system values. */
function readvarPipeline(datagram: Buffer): string {
  const fragment = checkFragment(datagram, 'readvar', 7, 0);
  if (fragment.kind !== 'fragment') return fragment.kind;
  const whole = new Reassembly().add(fragment);
  if (whole === null) return 'waiting';
  if (!whole.ok) return whole.check;
  const vars = parseVariables(whole.data);
  if (!vars.ok) return vars.check;
  const system = systemVariables(vars.value, Date.now());
  return system.ok ? 'ok' : system.check;
}

describe('mode 6 parsers', () => {
  it('a good answer reads whole; every truncation of it is a typed failure', () => {
    const good = reply(SYSTEM_TEXT);
    expect(readvarPipeline(good)).toBe('ok');
    for (let length = 0; length < good.length; length++) expect(typeof readvarPipeline(good.subarray(0, length))).toBe('string');
    expect(readvarPipeline(good.subarray(0, 11))).toBe('not-ours');
    expect(readvarPipeline(good.subarray(0, HEADER + 20))).toBe('invalid');
  });

  it('an answer claiming more than the bound, a conflicting or overlapping fragment, or an error bit is refused', () => {
    expect(checkFragment(reply('x', 0xa2, MAX_ANSWER_BYTES), 'readvar', 7, 0)).toEqual({ kind: 'invalid', check: 'size' });
    expect(checkFragment(reply('', 0xc2), 'readvar', 7, 0)).toEqual({ kind: 'error', code: 6 });
    const parts = new Reassembly();
    const first = checkFragment(reply('leap=0, ', 0xa2, 0), 'readvar', 7, 0);
    const last = checkFragment(reply('stratum=2', 0x82, 8), 'readvar', 7, 0);
    if (first.kind !== 'fragment' || last.kind !== 'fragment') throw new Error('fragments expected');
    // Out of order, and a duplicate, are fine.
    expect(parts.add(last)).toBeNull();
    expect(parts.add(last)).toBeNull();
    expect(parts.add(first)).toEqual({ ok: true, data: Buffer.from('leap=0, stratum=2') });
    const conflict = new Reassembly();
    conflict.add(first);
    const other = checkFragment(reply('leap=3, ', 0xa2, 0), 'readvar', 7, 0);
    expect(conflict.add(other as Extract<typeof other, { kind: 'fragment' }>)).toEqual({ ok: false, check: 'fragment-conflict' });
  });

  it('random datagrams, random fragments and random text never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), (bytes) => {
        expect(typeof readvarPipeline(Buffer.from(bytes))).toBe('string');
      }),
      { numRuns: 3000 },
    );
    // Random bodies behind a header that answers us: the checks past the header get exercised.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), fc.integer({ min: 0, max: 0xff }), fc.nat({ max: 0xffff }), fc.nat({ max: 0xffff }), (body, flags, offset, count) => {
        const datagram = Buffer.concat([reply('', 0x80 | (flags & 0x60) | 2, offset, count).subarray(0, HEADER), Buffer.from(body)]);
        expect(typeof readvarPipeline(datagram)).toBe('string');
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 40 }), fc.uint8Array({ maxLength: 12 }), fc.boolean()), { maxLength: 120 }), (fragments) => {
        const parts = new Reassembly();
        for (const [offset, data, more] of fragments) {
          const result = parts.add({ kind: 'fragment', status: 0, offset, data: Buffer.from(data), more });
          if (result !== null && typeof result.ok !== 'boolean') throw new Error('untyped');
        }
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), fc.dictionary(fc.constantFrom('leap', 'stratum', 'offset', 'rootdelay', 'rootdisp', 'reftime', 'tc', 'peer', 'srcadr', 'delay', 'reach', 'hpoll'), fc.string({ maxLength: 30 })), (text, dict) => {
        const vars = parseVariables(Buffer.from(text, 'latin1'));
        expect(typeof vars.ok).toBe('boolean');
        const map = new Map(Object.entries(dict));
        expect(typeof systemVariables(map, Date.now()).ok).toBe('boolean');
        expect(typeof peerVariables(1, 0x9614, map).ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('a request names its variables, padded to four bytes', () => {
    const packet = encodeRequest('readvar', 7, 0, ['leap', 'stratum']);
    expect(packet.length).toBe(HEADER + 12);
    expect(packet.readUInt16BE(10)).toBe('leap,stratum'.length);
  });
});

const BUSCTL_OUTPUT = [
  '{"type":"s","data":"ntp.example.org"}',
  '{"type":"(iay)","data":[2,[192,0,2,7]]}',
  '{"type":"t","data":64000000}',
  '{"type":"(uuuuittayttttbtt)","data":[0,4,4,2,-20,1500,2500,[71,80,83,0],1796578787152000,1796578787153000,1796578787153010,1796578787153500,false,7,300]}',
].join('\n');

/** Each text parser on a good sample, its truncations, an oversized copy and random text. */
const TEXT_PARSERS: [string, (text: string) => { ok: boolean }, string][] = [
  ['busctl', parseBusctlOutput, BUSCTL_OUTPUT],
  ['adjtimex --print', parseAdjtimexPrint, '     offset: 0\n   maxerror: 4500\n   esterror: 12\n     status: 8193\n return value = 0\n'],
  ['ntptime', parseNtptime, 'ntp_adjtime() returns code 0 (OK)\n  offset 1.000 us, frequency 0.000 ppm\n  maximum error 4500 us, estimated error 12 us,\n  status 0x2001 (PLL,NANO),\n'],
  ['w32tm', parseW32tmStatus, 'Leap Indicator: 0(no warning)\nStratum: 4 (x)\nPrecision: -23\nRoot Delay: 0.0156250s\nRoot Dispersion: 0.0312500s\nReferenceId: 0x0A000001\nLast Successful Sync Time: x\nSource: dc\nPoll Interval: 10 (1024s)\n'],
  ['sntp', parseSntpOutput, '+0.003192 +/- 0.021149 time.apple.com 17.253.34.125 s1 no-leap\n'],
];

describe.each(TEXT_PARSERS)('%s output parser', (_name, parse, sample) => {
  it('reads the sample; truncated, oversized and random text is a typed result, never a throw', () => {
    expect(parse(sample).ok).toBe(true);
    for (let length = 0; length < sample.length; length++) expect(typeof parse(sample.slice(0, length)).ok).toBe('boolean');
    expect(parse(sample.repeat(2000)).ok).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        expect(typeof parse(text).ok).toBe('boolean');
        expect(typeof parse(sample + text).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
