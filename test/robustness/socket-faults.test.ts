/**
 * Socket faults at every step of an exchange (create, bind, connect, send, close), injected into real dgram sockets
 * and provoked for real (a broadcast address the kernel refuses): each ends in a typed failure of that server alone,
 * `local` when it is this computer's resource, and nothing escapes as an uncaught exception or unhandled rejection.
 */
import { createSocket } from 'node:dgram';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isLocalSocketError, type SocketFactory } from '../../main/ntp/exchange.js';
import { queryServer } from '../../main/ntp/query.js';
import { FAILURE_KINDS, type QueryResult } from '../../main/ntp/result.js';
import { startFakeNtpServer, type FakeNtpServer } from '../support/fake-ntp-server.js';
import { plain } from '../support/addresses.js';
import { failureWords } from '../../main/i18n/failure-words.js';

const STEPS = ['create', 'listen', 'bind', 'connect-throws', 'connect-refused', 'send-throws', 'send-fails', 'close-throws'] as const;
type Step = (typeof STEPS)[number];

/** Errors the kernel or Node may hand us: our resources, the route or the server, Node internals, and no code at all. */
const CODES = ['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM', 'EAGAIN', 'EACCES', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'EINVAL', 'EPERM', 'ERR_SOCKET_DGRAM_NOT_RUNNING', undefined] as const;

function injected(code: string | undefined): Error {
  return Object.assign(new Error(`injected ${code ?? 'error without a code'}`), code ? { code } : {});
}

interface Faulty {
  factory: SocketFactory;
  sends: number;
  /** Whether each socket made was closed again. */
  closed: boolean[];
}

/** Real dgram sockets, with one operation replaced by the fault the step names. */
function faultySockets(step: Step, error: Error): Faulty {
  const faulty: Faulty = { sends: 0, closed: [], factory: () => { throw error; } };
  if (step === 'create') return faulty;
  faulty.factory = (type) => {
    const socket = createSocket(type);
    const index = faulty.closed.push(false) - 1;
    socket.once('close', () => (faulty.closed[index] = true));
    const send = socket.send.bind(socket) as (...args: unknown[]) => void;
    const connect = socket.connect.bind(socket) as (...args: unknown[]) => void;
    const close = socket.close.bind(socket);
    Object.assign(socket, {
      send: (...args: unknown[]) => {
        faulty.sends += 1;
        if (step === 'send-throws') throw error;
        if (step === 'send-fails') return void process.nextTick(args.at(-1) as (e: Error) => void, error);
        send(...args);
      },
      connect: (...args: unknown[]) => {
        if (step === 'connect-throws') throw error;
        // Node reports a failed implicit bind as an 'error' event, a refused connect through the callback.
        if (step === 'bind') return void process.nextTick(() => socket.emit('error', error));
        if (step === 'connect-refused') return void process.nextTick(args.at(-1) as (e: Error) => void, error);
        connect(...args);
      },
      close: (...args: unknown[]) => {
        close(...(args as []));
        if (step === 'close-throws') throw error;
        return socket;
      },
    });
    if (step === 'listen') Object.assign(socket, { on: () => { throw error; } });
    return socket;
  };
  return faulty;
}

const escaped: unknown[] = [];
const collect = (error: unknown) => escaped.push(error);
let server: FakeNtpServer;

beforeAll(async () => {
  server = await startFakeNtpServer(() => ({ offsetMs: 30 }));
});
afterAll(() => server.close());
beforeEach(() => {
  escaped.length = 0;
  process.on('uncaughtException', collect);
  process.on('unhandledRejection', collect);
});
afterEach(() => {
  process.off('uncaughtException', collect);
  process.off('unhandledRejection', collect);
});

/** Lets any stray callback or rejection of the exchange run before looking for what escaped. */
const settle = () => new Promise((done) => setImmediate(done));

describe('socket faults at each step of an exchange', () => {
  it('every injected fault is a typed failure (local for our own resources), never an escape, never a send after it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...STEPS), fc.constantFrom(...CODES), fc.boolean(), async (step, code, errorObject) => {
        const error = errorObject ? injected(code) : (`thrown ${code}` as unknown as Error);
        const faulty = faultySockets(step, error);
        const result: QueryResult = await queryServer(plain(server.server), { timeoutMs: 2_000, createSocket: faulty.factory });
        await settle();
        expect(escaped).toEqual([]);
        // A socket that was opened is closed again, whatever failed.
        expect(faulty.closed.every(Boolean)).toBe(true);
        if (step === 'close-throws') {
          // The measurement was complete before the close failed: it stands.
          expect(result.ok).toBe(true);
          return;
        }
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const effectiveCode = errorObject && code ? code : 'ERROR';
        expect(FAILURE_KINDS).toContain(result.failure.kind);
        expect(result.failure).toMatchObject({ kind: isLocalSocketError(effectiveCode) ? 'local' : 'unreachable', code: effectiveCode, server: server.server });
        // The failure names its server in `server`; the message, shown beside that name, does not repeat it.
        expect(failureWords(result.failure, 'en')).not.toContain(server.server);
        expect(failureWords(result.failure, 'en')).toContain(effectiveCode);
        if (step !== 'send-throws' && step !== 'send-fails') expect(faulty.sends).toBe(0);
      }),
      { numRuns: 120 },
    );
  });

  it('the resource codes are local, the route and server codes are not', () => {
    for (const code of ['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM']) expect(isLocalSocketError(code), code).toBe(true);
    for (const code of ['EACCES', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'ECONNREFUSED', 'EINVAL']) expect(isLocalSocketError(code), code).toBe(false);
  });

  it('a local failure says it is this computer, not the server, in both languages', async () => {
    const en = await queryServer(plain(server.server), { timeoutMs: 2_000, createSocket: faultySockets('bind', injected('EMFILE')).factory });
    expect(en).toMatchObject({ ok: false, failure: { kind: 'local', code: 'EMFILE' } });
    if (!en.ok) expect(failureWords(en.failure, 'en')).toMatch(/^Not queried: a resource of this computer failed \(EMFILE\).*not to blame/);
    if (!en.ok) expect(failureWords(en.failure, 'zh-CN')).toMatch(/本机自身的资源出错（EMFILE）.*不是服务器的问题/);
  });

  it('a local failure on the IPv6 address does not fall back to IPv4 (it would fail the same way)', async () => {
    let made = 0;
    const factory: SocketFactory = () => {
      made += 1;
      throw injected('EMFILE');
    };
    const resolve = async () => [
      { address: '::1', family: 6 as const },
      { address: '127.0.0.1', family: 4 as const },
    ];
    const result = await queryServer(plain(`dual.example:${server.port}`), { timeoutMs: 2_000, resolve, createSocket: factory });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'local', address: '::1' } });
    expect(made).toBe(1);
  });
});

describe('a connect the kernel refuses, for real', () => {
  it('the broadcast address is refused at connect (EACCES, no SO_BROADCAST): unreachable, nothing sent', async () => {
    let sends = 0;
    const counting: SocketFactory = (type) => {
      const socket = createSocket(type);
      const send = socket.send.bind(socket) as (...args: unknown[]) => void;
      return Object.assign(socket, { send: (...args: unknown[]) => ((sends += 1), send(...args)) });
    };
    const result = await queryServer(plain('255.255.255.255'), { timeoutMs: 2_000, createSocket: counting });
    await settle();
    expect(escaped).toEqual([]);
    expect(result).toMatchObject({ ok: false, failure: { kind: 'unreachable', code: 'EACCES', address: '255.255.255.255' } });
    if (!result.ok) expect(failureWords(result.failure, 'en')).toBe('Cannot reach the server (EACCES).');
    expect(sends).toBe(0);
  });

  it('the same with the default socket factory, and the next query of another server still works', async () => {
    const [refused, good] = await Promise.all([queryServer(plain('255.255.255.255:123'), { timeoutMs: 2_000 }), queryServer(plain(server.server), { timeoutMs: 2_000 })]);
    await settle();
    expect(escaped).toEqual([]);
    expect(refused).toMatchObject({ ok: false, failure: { kind: 'unreachable', code: 'EACCES' } });
    expect(good.ok).toBe(true);
  });
});
