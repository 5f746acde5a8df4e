/** A change of the time service's verdict in the sinks: the log line (text and JSON), the webhook body, a robot's text. */
import { describe, expect, it } from 'vitest';
import { isTimeServiceAlert, type TimeServiceChange } from '../../main/monitor/time-service.js';
import { timeServiceRobotText } from '../../main/sinks/formats/robot-text.js';
import { formatRecord, timeServiceRecord } from '../../main/sinks/log-record.js';
import { timeServicePayload } from '../../main/sinks/webhook.js';

const AT = Date.UTC(2026, 11, 6, 18, 0, 5);

/** chronyd following 127.0.0.1:11126 at +2.5 s while three servers agree this computer is on time. */
const FOLLOWS: TimeServiceChange = {
  from: 'agrees', to: 'follows-falseticker', fromState: 'ok', state: 'critical', kind: 'chrony', target: '127.0.0.1:11323', agree: 3, at: AT,
  check: {
    verdict: 'follows-falseticker', state: 'critical', failure: null, differenceMs: 0.4, followed: '127.0.0.1:11126', sourceFromConsensusMs: 2500.25,
    view: { kind: 'chrony', synchronized: true, source: { address: '127.0.0.1', offsetMs: 2500.5 }, stratum: 4, offsetMs: -0.1, lastOffsetMs: 2500, errorBoundMs: 0.05, lastUpdateAgeSeconds: 1.5, updateIntervalSeconds: 4 },
  },
};

const STOPPED: TimeServiceChange = {
  ...FOLLOWS, from: 'follows-falseticker', to: 'unreachable', fromState: 'critical', state: 'unknown',
  check: { verdict: 'unreachable', state: 'unknown', failure: { kind: 'not-running' }, view: null, differenceMs: null, followed: null, sourceFromConsensusMs: null },
};

describe('the time service in the sinks', () => {
  it('logs a change with the daemon, the verdicts, the figures with their signs, and the sentence', () => {
    expect(formatRecord(timeServiceRecord(FOLLOWS, 'en'), 'text')).toBe(
      '2026-12-06T18:00:05.000Z time-service daemon=chronyd target=127.0.0.1:11323 from=agrees to=follows-falseticker state=critical ' +
        'belief=-0.100ms error-bound=0.050ms difference=+0.400ms source=127.0.0.1:11126 ' +
        'message="chronyd follows 127.0.0.1:11126, 2.500 s from the consensus of 3 servers: CRITICAL."',
    );
    expect(JSON.parse(formatRecord(timeServiceRecord(STOPPED, 'zh-CN'), 'json'))).toEqual({
      time: '2026-12-06T18:00:05.000Z', event: 'time-service', daemon: 'chronyd', target: '127.0.0.1:11323',
      from: 'follows-falseticker', to: 'unreachable', state: 'unknown', kind: 'not-running',
      message: 'chronyd 未运行（127.0.0.1:11323 上无应答）：未知。',
    });
  });

  it('posts reason time-service with the daemon\'s figures, and a robot text naming the daemon', () => {
    expect(timeServicePayload(FOLLOWS, 'en')).toEqual({
      server: 'chronyd', state: 'critical', previousState: 'ok', offsetMs: null, consensusOffsetMs: null, offsetFromConsensusMs: null,
      delayMs: null, authenticated: null, thresholdSeconds: null, reason: 'time-service', at: '2026-12-06T18:00:05.000Z',
      message: 'chronyd follows 127.0.0.1:11126, 2.500 s from the consensus of 3 servers: CRITICAL.',
      timeService: {
        kind: 'chrony', target: '127.0.0.1:11323', verdict: 'follows-falseticker', previousVerdict: 'agrees', synchronized: true,
        source: '127.0.0.1:11126', offsetMs: -0.1, errorBoundMs: 0.05, lastUpdateAgeSeconds: 1.5, differenceMs: 0.4, failure: null,
      },
    });
    expect(timeServicePayload(STOPPED, 'en').timeService).toMatchObject({ verdict: 'unreachable', failure: 'not-running', offsetMs: null, synchronized: null });
    expect(timeServiceRobotText(FOLLOWS, 'en', 'host1').split('\n')).toEqual([
      'NTP CRITICAL: chronyd',
      'chronyd follows 127.0.0.1:11126, 2.500 s from the consensus of 3 servers: CRITICAL.',
      'Time: 2026-12-06 18:00:05 UTC',
      'Seen by: host1',
    ]);
  });

  it('alerts every change but a first verdict that is OK', () => {
    expect(isTimeServiceAlert(FOLLOWS)).toBe(true);
    expect(isTimeServiceAlert(STOPPED)).toBe(true);
    expect(isTimeServiceAlert({ ...FOLLOWS, from: 'unknown', to: 'agrees', state: 'ok' })).toBe(false);
    expect(isTimeServiceAlert({ ...FOLLOWS, from: 'unknown', to: 'stale', state: 'warning' })).toBe(true);
  });
});
