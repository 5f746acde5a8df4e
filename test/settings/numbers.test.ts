/** The plain-decimal rule shared by flags, config.ini and the settings window. */
import { describe, expect, it } from 'vitest';
import { numeric, parseDecimal } from '../../main/settings/numbers.js';

describe('parseDecimal', () => {
  it.each([
    ['60', 60],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['5.', 5],
    ['-3', -3],
    ['007', 7],
  ])('reads %j as %d', (text, value) => expect(parseDecimal(text)).toBe(value));

  it.each(['0x1f4', '1e3', ' 5 ', '5 ', '+5', '', '-', '.', 'Infinity', 'NaN', '1_000', '1,5', '０', '9'.repeat(400)])('refuses %j', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });
});

describe('numeric', () => {
  it('turns plain decimals into numbers and leaves anything else as it was, for the message to quote', () => {
    expect(numeric('15')).toBe(15);
    expect(numeric('0x1f4')).toBe('0x1f4');
    expect(numeric(undefined)).toBeUndefined();
    expect(numeric(true)).toBe(true);
  });
});
