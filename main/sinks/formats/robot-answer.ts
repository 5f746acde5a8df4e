/** What the robots that sign or answer with an error code share: the HMAC-SHA256 signature and the code in a 200. */
import { createHmac } from 'node:crypto';
import type { Refusal } from './format.js';

/** HMAC-SHA256 of `message` keyed with `key`, base64: the signature DingTalk and Feishu document (over other inputs). */
export function hmacBase64(key: string, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('base64');
}

/** A robot's own message as quoted in a report: its first 200 characters (a robot may answer with a whole page). */
export function quoted(text: string): string {
  return text.trim().slice(0, 200);
}

/**
 * The refusal in a JSON answer whose `codeField` is not 0 (`{"errcode":310000,"errmsg":"..."}`). Codes in `permanent`
 * (a wrong signature, keyword or address) are not retried: the same message would be refused again. An answer that is
 * not such JSON (cut short by the deadline, say) counts as delivered, as a 2xx did before (decision 16).
 */
export function codeRefusal(answer: string, codeField: string, messageField: string, permanent: readonly number[]): Refusal | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const fields = parsed as Record<string, unknown>;
  const code = fields[codeField];
  if (typeof code !== 'number' || code === 0) return null;
  const message = quoted(String(fields[messageField] ?? ''));
  return { reason: `${codeField} ${code}: ${message}`, retry: !permanent.includes(code) };
}
