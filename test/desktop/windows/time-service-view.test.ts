/** The time service's desktop texts: the notification of a change, the tray line, the status window's panel, in both languages. */
import { describe, expect, it } from 'vitest';
import { timeServiceNotification, timeServicePanel, timeServiceTrayLine } from '../../../main/desktop/windows/time-service-view.js';
import { trayView } from '../../../main/desktop/tray/tray-model.js';
import type { TimeServiceChange, TimeServiceView } from '../../../main/monitor/time-service.js';

const FOLLOWS: TimeServiceView = {
  kind: 'chrony', target: '127.0.0.1:323', verdict: 'follows-falseticker', agree: 3, at: 0,
  check: {
    verdict: 'follows-falseticker', state: 'critical', failure: null, differenceMs: 0.4, followed: 'ntp1', sourceFromConsensusMs: 2500,
    view: { kind: 'chrony', synchronized: true, source: { address: '192.0.2.1', offsetMs: 2500 }, stratum: 3, offsetMs: -0.1, lastOffsetMs: 0, errorBoundMs: 0.05, lastUpdateAgeSeconds: 1.5, updateIntervalSeconds: 64 },
  },
};
const CHANGE: TimeServiceChange = { ...FOLLOWS, from: 'agrees', to: 'follows-falseticker', fromState: 'ok', state: 'critical' };

describe('the time service on the desktop', () => {
  it('notifies a change in the user\'s language, not a first OK one, and nothing when notifications are off', () => {
    expect(timeServiceNotification(CHANGE, { enabled: true, lang: 'en' })).toEqual({
      title: 'Time service chronyd: CRITICAL',
      body: 'chronyd follows ntp1, 2.500 s from the consensus of 3 servers',
    });
    expect(timeServiceNotification(CHANGE, { enabled: true, lang: 'zh-CN' })!.body).toBe('chronyd 跟随 ntp1，它与 3 台服务器的共识相差 2.500 s');
    expect(timeServiceNotification(CHANGE, { enabled: false, lang: 'en' })).toBeNull();
    expect(timeServiceNotification({ ...CHANGE, from: 'unknown', to: 'agrees', state: 'ok' }, { enabled: true, lang: 'en' })).toBeNull();
  });

  it('puts one line under the verdict in the tray menu, the confirmed verdict in words', () => {
    const line = timeServiceTrayLine(FOLLOWS, 'en')!;
    expect(line).toBe('chronyd: synchronised to ntp1, follows a falseticker');
    expect(timeServiceTrayLine({ ...FOLLOWS, verdict: 'agrees' }, 'zh-CN')).toBe('chronyd：已同步到 ntp1，与共识一致');
    expect(timeServiceTrayLine(null, 'en')).toBeUndefined();
    const verdict = { state: 'ok' as const, consensusOffsetMs: 0.4, agree: 3, voters: 3, total: 3, falsetickers: [], leap: 0 as const };
    const menu = trayView({ statuses: [], paused: false, startAtLogin: false, logsExist: false, lang: 'en', verdict, timeServiceLine: line }).menu;
    expect(menu[1]).toEqual({ kind: 'status', label: line });
  });

  it('gives the status window a panel: where it was asked, the verdict line and sentence, what it believes', () => {
    expect(timeServicePanel(FOLLOWS, 'en')).toEqual({
      heading: 'chronyd at 127.0.0.1:323',
      state: 'critical',
      line: 'chronyd: synchronised to ntp1, follows a falseticker',
      sentence: 'chronyd follows ntp1, 2.500 s from the consensus of 3 servers',
      details: ['it believes this computer is 0.100 ms ahead (error bound 0.050 ms)', 'last update 1.5 s ago, stratum 3'],
    });
    const unreachable = { ...FOLLOWS, verdict: 'unknown' as const, check: { ...FOLLOWS.check, verdict: 'unreachable' as const, state: 'unknown' as const, view: null, failure: { kind: 'not-running' as const } } };
    expect(timeServicePanel(unreachable, 'zh-CN')).toMatchObject({ heading: '127.0.0.1:323 上的 chronyd', state: 'unknown', line: 'chronyd：核对中', details: [] });
    expect(timeServicePanel(null, 'en')).toBeNull();
  });
});
