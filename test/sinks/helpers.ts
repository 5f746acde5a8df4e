/** Loopback stand-ins for what the sinks talk to: a webhook receiver, a free port, a Prometheus scrape. */
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface Receiver {
  url: string;
  /** Every request body received, parsed, in order (answered or not). */
  bodies: unknown[];
  /** Requests held without an answer (mode "hold"). */
  held: ServerResponse[];
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1. `answer(index)` gives the HTTP status for the index-th request, or "hold" to
 * keep it waiting (a slow receiver).
 */
export async function startReceiver(answer: (index: number) => number | 'hold' = () => 204): Promise<Receiver> {
  const bodies: unknown[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      const index = bodies.length;
      bodies.push(JSON.parse(body));
      const status = answer(index);
      if (status === 'hold') held.push(response);
      else response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
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
