/**
 * Native notifications. Where they are unsupported (Linux: libnotify could not be loaded) or fail (Linux: no
 * notification daemon answers on the session bus; macOS: an unsigned build) the app keeps working and says so once.
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

  /** How many shown notifications are still held (each is let go on click, close or failure). */
  get held(): number {
    return this.live.size;
  }

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
