/** NTS-KE records: the request on the wire, the strict response parser, and random bytes that never yield keys. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildKeRequest, encodeRecord, parseKeResponse, RECORD, u16List } from '../../../main/ntp/nts/ke-records.js';

const good = [
  encodeRecord(RECORD.NEXT_PROTOCOL, true, u16List(0)),
  encodeRecord(RECORD.AEAD, true, u16List(15)),
  encodeRecord(RECORD.NEW_COOKIE, false, Buffer.alloc(100, 1)),
  encodeRecord(RECORD.NEW_COOKIE, false, Buffer.alloc(100, 2)),
];
const end = encodeRecord(RECORD.END, true);
const response = (...records: Buffer[]) => parseKeResponse(Buffer.concat(records));

describe('NTS-KE records', () => {
  it('sends Next Protocol NTPv4, AEAD 15 and End of Message, all critical', () => {
    expect(buildKeRequest().toString('hex')).toBe('80010002' + '0000' + '80040002' + '000f' + '80000000');
  });

  it('reads cookies, Server and Port Negotiation; skips unknown non-critical records', () => {
    const parsed = response(...good, encodeRecord(0x4000 - 1, false, Buffer.from('x')), encodeRecord(RECORD.SERVER, true, Buffer.from('time.example')), encodeRecord(RECORD.PORT, true, u16List(12141)), end);
    expect(parsed).toEqual({ kind: 'done', response: { cookies: [Buffer.alloc(100, 1), Buffer.alloc(100, 2)], server: 'time.example', port: 12141 } });
    for (const host of ['127.0.0.2', '::1', '2001:db8::1', 'ntp-1.example.', 'localhost']) {
      const named = response(...good, encodeRecord(RECORD.SERVER, true, Buffer.from(host)), end);
      expect(named.kind === 'done' && named.response.server).toBe(host);
    }
  });

  it('waits for End of Message, even mid-record', () => {
    const whole = Buffer.concat([...good, end]);
    for (let cut = 0; cut < whole.length; cut++) expect(parseKeResponse(whole.subarray(0, cut)).kind).toBe('incomplete');
  });

  it.each([
    ['an Error record', [encodeRecord(RECORD.ERROR, true, u16List(1)), end], 'error-record', 1],
    ['a Warning record', [...good, encodeRecord(RECORD.WARNING, true, u16List(7)), end], 'warning-record', 7],
    ['an unknown critical record', [...good, encodeRecord(99, true), end], 'unknown-critical', 99],
    ['no protocol in common', [encodeRecord(RECORD.NEXT_PROTOCOL, true), ...good.slice(1), end], 'no-common-protocol', undefined],
    ['another protocol', [encodeRecord(RECORD.NEXT_PROTOCOL, true, u16List(1)), ...good.slice(1), end], 'no-common-protocol', undefined],
    ['no AEAD record', [good[0]!, good[2]!, end], 'no-common-aead', undefined],
    ['another AEAD', [good[0]!, encodeRecord(RECORD.AEAD, true, u16List(30)), good[2]!, end], 'no-common-aead', undefined],
    ['no cookies', [good[0]!, good[1]!, end], 'no-cookies', undefined],
    ['bytes after End', [...good, end, Buffer.from([0])], 'malformed', undefined],
    ['a body on End', [...good, encodeRecord(RECORD.END, true, Buffer.alloc(2))], 'malformed', undefined],
    ['a port of zero', [...good, encodeRecord(RECORD.PORT, true, u16List(0)), end], 'malformed', undefined],
    ['a server name with control characters', [...good, encodeRecord(RECORD.SERVER, true, Buffer.from('evil\u001b[31m')), end], 'bad-server-name', undefined],
    ['an empty cookie', [...good, encodeRecord(RECORD.NEW_COOKIE, false), end], 'malformed', undefined],
    ['two AEAD records', [...good, encodeRecord(RECORD.AEAD, true, u16List(15)), end], 'malformed', undefined],
  ])('refuses %s', (_, records, problem, detail) => {
    expect(response(...records)).toEqual(detail === undefined ? { kind: 'refused', problem } : { kind: 'refused', problem, detail });
  });

  it.each(['127.0.0.1:99', '[::1]', '[::1]:123', 'a..b', '-host.example', 'time.example:4460', '1.2.3'])(
    'refuses a Server record that is not a host alone: %s',
    (name) => {
      expect(response(...good, encodeRecord(RECORD.SERVER, true, Buffer.from(name)), end)).toEqual({ kind: 'refused', problem: 'bad-server-name' });
    },
  );

  it('keeps at most 8 cookies', () => {
    const many = Array.from({ length: 12 }, (_, i) => encodeRecord(RECORD.NEW_COOKIE, false, Buffer.alloc(10, i)));
    const parsed = response(good[0]!, good[1]!, ...many, end);
    expect(parsed.kind === 'done' && parsed.response.cookies.length).toBe(8);
  });

  it('never throws on random bytes, and accepts only what a good response looks like', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, prefixed) => {
        const data = prefixed ? Buffer.concat([...good.slice(0, 2), Buffer.from(bytes)]) : Buffer.from(bytes);
        const parsed = parseKeResponse(data);
        if (parsed.kind === 'done') {
          // A done parse needs protocol and AEAD and End: a 4-byte End record closes the data.
          expect(data.subarray(data.length - 4).toString('hex')).toBe('80000000');
          expect(parsed.response.cookies.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
