import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../mocks/electron.js'));

import { KEPT_TIMED_OUT, Notifier } from '../../../main/desktop/notifications/notifier.js';
import { Notification, resetElectronMock } from '../../mocks/electron.js';

beforeEach(() => resetElectronMock());

describe('notifier', () => {
  it('holds each notification only until it is clicked, closed or fails', () => {
    const clicks: string[] = [];
    const complaints: string[] = [];
    const notifier = new Notifier(
      () => clicks.push('open'),
      (reason, error) => complaints.push(`${reason} ${error ?? ''}`.trim()),
      'linux',
    );
    for (let i = 0; i < 3; i++) notifier.show({ title: `t${i}`, body: 'b' });
    expect(notifier.held).toBe(3);
    Notification.shown[0]!.emit('click');
    Notification.shown[1]!.emit('close');
    Notification.shown[2]!.emit('failed', {}, 'org.freedesktop.Notifications was not provided by any .service files');
    expect(notifier.held).toBe(0);
    expect(clicks).toEqual(['open']);
    expect(complaints).toEqual(['failed org.freedesktop.Notifications was not provided by any .service files']);
  });

  it('holds nothing and complains once where notifications are unsupported', () => {
    const complaints: string[] = [];
    const notifier = new Notifier(() => {}, (reason) => complaints.push(reason), 'linux');
    Notification.supported = false;
    notifier.show({ title: 't', body: 'b' });
    notifier.show({ title: 't', body: 'b' });
    expect(notifier.held).toBe(0);
    expect(complaints).toEqual(['unsupported']);
  });

  it('on Windows, opens the window for a click in Action Center after the toast timed out, once per click', () => {
    const clicks: string[] = [];
    const notifier = new Notifier(() => clicks.push('open'), () => {}, 'win32');
    notifier.show({ title: 'a.test: CRITICAL', body: 'b' });
    Notification.shown[0]!.emit('close', { reason: 'timedOut' });
    // Still referenced: Windows keeps the toast in Action Center.
    expect(notifier.held).toBe(1);
    // Action Center's click: the object's own event and the app-wide activation both fire.
    Notification.shown[0]!.emit('click');
    Notification.activation!({ type: 'click', arguments: '' });
    expect(clicks).toEqual(['open']);
    expect(notifier.held).toBe(0);
    // A toast from before a restart has no object at all: the activation alone opens the window.
    Notification.activation!({ type: 'click', arguments: '' });
    expect(clicks).toEqual(['open', 'open']);
  });

  it('keeps the newest timed-out notifications only, and none the user dismissed', () => {
    const notifier = new Notifier(() => {}, () => {}, 'win32');
    for (let i = 0; i < KEPT_TIMED_OUT + 5; i++) {
      notifier.show({ title: `t${i}`, body: 'b' });
      Notification.shown[i]!.emit('close', { reason: 'timedOut' });
    }
    expect(notifier.held).toBe(KEPT_TIMED_OUT);
    notifier.show({ title: 'dismissed', body: 'b' });
    Notification.shown.at(-1)!.emit('close', { reason: 'userCanceled' });
    expect(notifier.held).toBe(KEPT_TIMED_OUT);
  });

  it('registers for Windows activations on Windows only', () => {
    new Notifier(() => {}, () => {}, 'linux');
    expect(Notification.activation).toBeUndefined();
    new Notifier(() => {}, () => {}, 'win32');
    expect(Notification.activation).toBeTypeOf('function');
  });
});
