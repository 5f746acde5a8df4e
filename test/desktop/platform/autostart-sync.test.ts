import { describe, expect, it } from 'vitest';
import { syncStartAtLogin } from '../../../main/desktop/platform/autostart-sync.js';

describe('start at login, setting versus OS, at start-up', () => {
  it('rewrites the entry when both say on, so it names where the app is now', () => {
    expect(syncStartAtLogin(true, 'enabled')).toEqual({ startAtLogin: true, refresh: true });
  });

  it('follows the OS when the user changed it there', () => {
    expect(syncStartAtLogin(true, 'disabled')).toEqual({ startAtLogin: false, refresh: false });
    expect(syncStartAtLogin(true, 'absent')).toEqual({ startAtLogin: false, refresh: false });
    expect(syncStartAtLogin(false, 'enabled')).toEqual({ startAtLogin: true, refresh: false });
  });

  it('does nothing when both say off', () => {
    expect(syncStartAtLogin(false, 'absent')).toEqual({ startAtLogin: false, refresh: false });
    expect(syncStartAtLogin(false, 'disabled')).toEqual({ startAtLogin: false, refresh: false });
  });
});
