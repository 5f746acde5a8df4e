/** The client request: its transmit timestamp is random, so it can be built before T1 and says nothing of our clock. */
import { describe, expect, it } from 'vitest';
import { buildRequest, decodePacket } from '../../main/ntp/packet.js';
import { unixMsToNtp } from '../../main/ntp/timestamp.js';

describe('buildRequest', () => {
  it('draws all 64 bits of the transmit timestamp at random and writes them where the reply will echo them', () => {
    const now = unixMsToNtp(Date.now()).seconds;
    const requests = Array.from({ length: 400 }, () => buildRequest());
    for (const { packet, transmit } of requests) {
      expect(packet).toHaveLength(48);
      expect(packet[0]).toBe(0x23); // leap 0, version 4, mode 3 (client)
      expect(packet.readUInt32BE(40)).toBe(transmit.seconds);
      expect(packet.readUInt32BE(44)).toBe(transmit.fraction);
    }
    // A transmit timestamp taken from the clock would sit within seconds of now in every request.
    const nearNow = requests.filter(({ transmit }) => Math.abs(transmit.seconds - now) < 86_400).length;
    expect(nearNow).toBeLessThan(5);
    expect(new Set(requests.map(({ transmit }) => transmit.seconds)).size).toBeGreaterThan(390);
    // Each bit of both halves is set in roughly half of the requests: no stuck bits weaken the origin check.
    for (const half of ['seconds', 'fraction'] as const) {
      for (let bit = 0; bit < 32; bit++) {
        const set = requests.filter(({ transmit }) => (transmit[half] >>> bit) & 1).length;
        expect(set).toBeGreaterThan(140);
        expect(set).toBeLessThan(260);
      }
    }
  });

  it('keeps a transmit timestamp a test gives', () => {
    const given = { seconds: 0xe0000000, fraction: 0x12345678 };
    const { packet, transmit } = buildRequest(given);
    expect(transmit).toEqual(given);
    expect(decodePacket(packet)?.transmitTimestamp).toEqual(given);
  });
});
