/**
 * A stand-in for systemd-timesyncd's org.freedesktop.timesync1 on a private bus: the Manager properties the reader
 * asks for, with values the test sets, so the reader meets a real bus and the real busctl.
 */
import dbus from 'dbus-next';
import type { SessionBus } from './session-bus.js';

/** The NTPMessage struct (uuuuittayttttbtt): leap, version, mode, stratum, precision, root delay and dispersion (µs), reference, T1-T4 (µs since the Unix epoch), spike, packet count, jitter (µs). */
export type NtpMessage = [number, number, number, number, number, bigint, bigint, Buffer, bigint, bigint, bigint, bigint, boolean, bigint, bigint];

export interface TimesyncState {
  serverName: string;
  /** Address family (AF_INET 2, AF_INET6 10) and bytes; empty bytes when none. */
  serverAddress: [number, Buffer];
  pollIntervalUSec: bigint;
  ntpMessage: NtpMessage;
}

class Manager extends dbus.interface.Interface {
  constructor(private readonly state: TimesyncState) {
    super('org.freedesktop.timesync1.Manager');
  }
  get ServerName(): string {
    return this.state.serverName;
  }
  get ServerAddress(): [number, Buffer] {
    return this.state.serverAddress;
  }
  get PollIntervalUSec(): bigint {
    return this.state.pollIntervalUSec;
  }
  get NTPMessage(): NtpMessage {
    return this.state.ntpMessage;
  }
}
Manager.configureMembers({
  properties: {
    ServerName: { signature: 's', access: dbus.interface.ACCESS_READ },
    ServerAddress: { signature: '(iay)', access: dbus.interface.ACCESS_READ },
    PollIntervalUSec: { signature: 't', access: dbus.interface.ACCESS_READ },
    NTPMessage: { signature: '(uuuuittayttttbtt)', access: dbus.interface.ACCESS_READ },
  },
  methods: {},
  signals: {},
});

/** Owns org.freedesktop.timesync1 on `bus` and serves `state` (mutable: a test may change it between reads). */
export async function startFakeTimesyncd(bus: SessionBus, state: TimesyncState): Promise<void> {
  await bus.own('org.freedesktop.timesync1', (client) => client.export('/org/freedesktop/timesync1', new Manager(state)));
}
