/** The one rule for numbers typed by people (flags, config.ini, the settings window): plain decimal only. */

/**
 * Digits with an optional minus sign and an optional fraction ("60", "0.25", ".5", "-3"). Hex (0x1f4), exponents
 * (1e3), padding (" 5 "), "Infinity" and the empty string are refused: Number() accepts them all, and a mistyped
 * value must reach validation as text so that its message quotes it back.
 */
const PLAIN_DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The number the text spells in plain decimal, or undefined when it is not one (or is too large to be finite). */
export function parseDecimal(text: string): number | undefined {
  if (!PLAIN_DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A number when the text is a plain decimal; any other value as it is, so that the validation message can quote it. */
export function numeric(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  return parseDecimal(raw) ?? raw;
}
