/** The worker side of HistoryReadWorker: one HistoryReader on its own thread, answering one request at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { HistoryReader, HistoryReadError } from './reader.js';
import type { ReadReply, ReadRequest } from './read-worker.js';

const port = parentPort!;
const opening = HistoryReader.open((workerData as { file: string }).file);
// A file that cannot be opened is each request's answer; unhandled until the first request, it would kill the thread.
opening.catch(() => {});

port.on('message', async (request: ReadRequest) => {
  if (request.kind === 'close') {
    // Ends the thread whether or not the file ever opened.
    (await opening.catch(() => undefined))?.close();
    port.close();
    return;
  }
  let reply: ReadReply;
  try {
    const reader = await opening;
    const value = request.kind === 'series' ? reader.series(request.range) : [...reader.rows(request.range)];
    reply = { id: request.id, ok: true, value };
  } catch (error) {
    const failure = error instanceof HistoryReadError ? error.failure : { kind: 'unreadable' as const, reason: (error as Error).message };
    reply = { id: request.id, ok: false, failure };
  }
  port.postMessage(reply);
});
