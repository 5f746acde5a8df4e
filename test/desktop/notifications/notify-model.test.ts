import { describe, expect, it } from 'vitest';
import { notificationFor } from '../../../main/desktop/notifications/notify-model.js';
import type { Transition } from '../../../main/judging/transition.js';
import { sampleResult, timeoutResult } from '../../support/results.js';

const sample = (offsetMs: number) => {
  const result = sampleResult('ntp.example', offsetMs);
  if (!result.ok) throw new Error('fixture');
  return result.sample;
};
const failure = () => {
  const result = timeoutResult('ntp.example');
  if (result.ok) throw new Error('fixture');
  return result.failure;
};
const on = { enabled: true, lang: 'en' as const };

describe('which transitions notify', () => {
  it('announces an alarm with server, offset in words, threshold and state', () => {
    const t: Transition = { server: 'ntp.example', from: 'ok', to: 'critical', sample: sample(-1500), thresholdSeconds: 1, at: 0 };
    expect(notificationFor(t, on)).toEqual({
      title: 'ntp.example: CRITICAL',
      body: 'ntp.example is 1.500 s behind this computer, beyond the 1 s threshold: CRITICAL.',
    });
  });

  it('announces unreachable with the reason and recovery to ok', () => {
    const down: Transition = { server: 'ntp.example', from: 'ok', to: 'unreachable', failure: failure(), at: 0 };
    expect(notificationFor(down, on)?.body).toBe('No reply within 500 ms.');
    const back: Transition = { server: 'ntp.example', from: 'warning', to: 'ok', sample: sample(3), thresholdSeconds: 0.1, at: 0 };
    expect(notificationFor(back, on)?.body).toBe('ntp.example is back within the 0.1 s threshold (3.0 ms ahead of this computer): OK.');
  });

  it('stays quiet for the first ok after start, but not for an alarm at start', () => {
    expect(notificationFor({ server: 's', from: 'unknown', to: 'ok', sample: sample(1), at: 0 }, on)).toBeNull();
    expect(notificationFor({ server: 's', from: 'unknown', to: 'warning', sample: sample(200), thresholdSeconds: 0.1, at: 0 }, on)).not.toBeNull();
  });

  it('stays quiet when the setting turns notifications off', () => {
    const t: Transition = { server: 's', from: 'ok', to: 'critical', sample: sample(5000), thresholdSeconds: 1, at: 0 };
    expect(notificationFor(t, { enabled: false, lang: 'en' })).toBeNull();
  });

  it('speaks Chinese when asked', () => {
    const t: Transition = { server: 's', from: 'ok', to: 'warning', sample: sample(200), thresholdSeconds: 0.1, at: 0 };
    expect(notificationFor(t, { enabled: true, lang: 'zh-CN' })?.title).toBe('s：警告');
  });
});
