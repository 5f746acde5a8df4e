/** The cookie jar: each cookie out once, refilled up to 8, placeholders asked to keep it full, owner-bound. */
import { describe, expect, it } from 'vitest';
import { createNtsSession, dropKeys, keepCookies, needsKeyExchange, placeholdersWanted, takeCookie } from '../../../main/ntp/nts/session.js';

describe('NTS session', () => {
  it('hands out each cookie once, oldest first, and asks for enough placeholders to refill to 8', () => {
    const session = createNtsSession();
    expect(needsKeyExchange(session, 'a')).toBe(true);
    Object.assign(session, { owner: 'a', keys: { c2s: Buffer.alloc(32), s2c: Buffer.alloc(32) } });
    keepCookies(session, Array.from({ length: 10 }, (_, i) => Buffer.from([i])));
    expect(session.cookies).toHaveLength(8);
    expect(needsKeyExchange(session, 'a')).toBe(false);
    expect(needsKeyExchange(session, 'b')).toBe(true);
    expect(takeCookie(session)).toEqual(Buffer.from([0]));
    expect(placeholdersWanted(session)).toBe(0);
    for (let i = 1; i < 8; i++) takeCookie(session);
    expect(placeholdersWanted(session)).toBe(7);
    expect(needsKeyExchange(session, 'a')).toBe(true);
    keepCookies(session, [Buffer.from([42])]);
    dropKeys(session);
    expect(session.cookies).toEqual([]);
    expect(needsKeyExchange(session, 'a')).toBe(true);
  });
});
