/** Loopback stand-ins for what the sinks talk to: a webhook receiver, a free port, a Prometheus scrape. */
import { spawnSync } from 'node:child_process';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface Receiver {
  url: string;
  /** Every request body received, parsed, in order (answered or not). */
  bodies: unknown[];
  /** Each request's path and query, in the same order: where a DingTalk robot's signature travels. */
  paths: string[];
  /** When each request arrived (ms since the epoch), in the same order. */
  times: number[];
  /** Requests held without an answer (mode "hold"). */
  held: ServerResponse[];
  close(): Promise<void>;
}

/** An answer with a body: a robot's 200 carrying an error code (`{"errcode":130101,...}`) or Slack's "ok". */
export interface AnswerWithBody {
  status: number;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1. `answer(index, body, path)` gives the HTTP status (or a status and a body) for the
 * index-th request, or "hold" to keep it waiting (a slow receiver).
 */
export async function startReceiver(
  answer: (index: number, body: unknown, path: string) => number | AnswerWithBody | 'hold' = () => 204,
): Promise<Receiver> {
  const bodies: unknown[] = [];
  const paths: string[] = [];
  const times: number[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      const index = bodies.length;
      const parsed: unknown = JSON.parse(body);
      bodies.push(parsed);
      paths.push(request.url ?? '');
      times.push(Date.now());
      const status = answer(index, parsed, request.url ?? '');
      if (status === 'hold') held.push(response);
      else if (typeof status === 'number') response.writeHead(status).end();
      else response.writeHead(status.status, { 'content-type': 'application/json' }).end(status.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    paths,
    times,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface RawServer {
  url: string;
  /** Connections accepted and not yet closed, either side having closed them. */
  open(): number;
  /** Connections accepted since the start. */
  accepted(): number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that answers as `handler` says (a misbehaving receiver), counting its connections. */
export async function startRawServer(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<RawServer> {
  const server = createServer(handler);
  let open = 0;
  let accepted = 0;
  server.on('connection', (socket) => {
    open += 1;
    accepted += 1;
    socket.on('close', () => (open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    open: () => open,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A TCP port nobody listens on (right after this returns). */
export async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

export function httpGet(url: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type']), body }));
    }).on('error', reject);
  });
}

export interface MetricFamily {
  name: string;
  type: string;
  help: string;
  metrics: { value: string; labels?: Record<string, string> }[];
}

/** Scrapes a /metrics URL and parses it with an independent Prometheus text-format parser. */
export async function scrape(url: string): Promise<MetricFamily[]> {
  const answer = await httpGet(url);
  if (answer.status !== 200) throw new Error(`GET ${url}: HTTP ${answer.status}`);
  return parsePrometheusTextFormat(answer.body) as MetricFamily[];
}

/** The value of one series, or undefined when it is absent. */
export function valueOf(families: MetricFamily[], name: string, labels: Record<string, string>): number | undefined {
  const family = families.find((f) => f.name === name);
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return metric ? Number(metric.value) : undefined;
}

/**
 * Base64 of HMAC-SHA256 of `message` keyed with `key`, computed by Python's hmac module: an implementation that is not
 * ours, so a signature test cannot pass by sharing our mistake.
 */
export function pythonHmacBase64(key: string, message: string): string {
  const script = 'import base64, hashlib, hmac, sys; print(base64.b64encode(hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).digest()).decode())';
  const run = spawnSync('python3', ['-c', script, key, message], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 could not compute the HMAC: ${run.stderr || run.error}`);
  return run.stdout.trim();
}

/** Python's urllib.parse.quote_plus, as DingTalk's own Python sample encodes its `sign`. */
export function pythonQuotePlus(text: string): string {
  const run = spawnSync('python3', ['-c', 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))', text], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 could not quote: ${run.stderr || run.error}`);
  return run.stdout.trim();
}
