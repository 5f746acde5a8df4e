import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../mocks/electron.js'));

import { Notifier } from '../../main/desktop/notifier.js';
import { Notification, resetElectronMock } from '../mocks/electron.js';

beforeEach(() => resetElectronMock());

describe('notifier', () => {
  it('holds each notification only until it is clicked, closed or fails', () => {
    const clicks: string[] = [];
    const complaints: string[] = [];
    const notifier = new Notifier(
      () => clicks.push('open'),
      (reason, error) => complaints.push(`${reason} ${error ?? ''}`.trim()),
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
    const notifier = new Notifier(() => {}, (reason) => complaints.push(reason));
    Notification.supported = false;
    notifier.show({ title: 't', body: 'b' });
    notifier.show({ title: 't', body: 'b' });
    expect(notifier.held).toBe(0);
    expect(complaints).toEqual(['unsupported']);
  });
});
