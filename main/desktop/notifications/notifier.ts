/**
 * Native notifications. Where they are unsupported (Linux: libnotify could not be loaded) or fail (Linux: no
 * notification daemon answers on the session bus; macOS: an unsigned build) the app keeps working and says so once.
 */
import { Notification } from 'electron';
import type { TransitionText } from '../../i18n/describe.js';

/** How many timed-out notifications stay referenced (Windows keeps them in Action Center, where they can be clicked). */
export const KEPT_TIMED_OUT = 20;

export class Notifier {
  /** Shown notifications are kept referenced until dismissed, or their click handler can be collected. */
  private readonly live = new Set<Notification>();
  /** Timed out, not dismissed: the newest KEPT_TIMED_OUT, oldest first. */
  private readonly timedOut: Notification[] = [];
  private complained = false;

  constructor(
    private readonly onClick: () => void,
    private readonly complain: (reason: 'unsupported' | 'failed', error?: string) => void,
    private readonly platform: NodeJS.Platform,
  ) {
    // Windows reports a click in Action Center here even when the Notification object is gone (timed out and
    // collected, or shown before a restart); it also fires for live ones, so their own click only lets go.
    if (platform === 'win32') Notification.handleActivation(() => this.onClick());
  }

  /** How many shown notifications are still held (each is let go on click, dismissal or failure). */
  get held(): number {
    return this.live.size + this.timedOut.length;
  }

  show(text: TransitionText): void {
    if (!Notification.isSupported()) {
      this.complainOnce('unsupported');
      return;
    }
    const notification = new Notification({ title: text.title, body: text.body });
    this.live.add(notification);
    const forget = () => {
      this.live.delete(notification);
      const kept = this.timedOut.indexOf(notification);
      if (kept >= 0) this.timedOut.splice(kept, 1);
    };
    notification.on('click', () => {
      forget();
      if (this.platform !== 'win32') this.onClick();
    });
    notification.on('close', (details) => {
      forget();
      // Windows emits close when a toast times out, but it stays in Action Center and can still be clicked.
      if (details?.reason === 'timedOut') this.keep(notification);
    });
    notification.on('failed', (_event, error) => {
      forget();
      this.complainOnce('failed', error);
    });
    notification.show();
  }

  private keep(notification: Notification): void {
    this.timedOut.push(notification);
    if (this.timedOut.length > KEPT_TIMED_OUT) this.timedOut.shift();
  }

  private complainOnce(reason: 'unsupported' | 'failed', error?: string): void {
    if (this.complained) return;
    this.complained = true;
    this.complain(reason, error);
  }
}
