/**
 * Native notifications. Where they are unsupported or fail (no notification daemon, unsigned macOS build) the app
 * keeps working and says so once in the log.
 */
import { Notification } from 'electron';
import type { TransitionText } from '../transitions/describe.js';

export class Notifier {
  /** Shown notifications are kept referenced until dismissed, or their click handler can be collected. */
  private readonly live = new Set<Notification>();
  private complained = false;

  constructor(
    private readonly onClick: () => void,
    private readonly complain: (reason: 'unsupported' | 'failed', error?: string) => void,
  ) {}

  show(text: TransitionText): void {
    if (!Notification.isSupported()) {
      this.complainOnce('unsupported');
      return;
    }
    const notification = new Notification({ title: text.title, body: text.body });
    this.live.add(notification);
    const forget = () => this.live.delete(notification);
    notification.on('click', () => {
      forget();
      this.onClick();
    });
    notification.on('close', forget);
    notification.on('failed', (_event, error) => {
      forget();
      this.complainOnce('failed', error);
    });
    notification.show();
  }

  private complainOnce(reason: 'unsupported' | 'failed', error?: string): void {
    if (this.complained) return;
    this.complained = true;
    this.complain(reason, error);
  }
}
