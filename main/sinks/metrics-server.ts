/**
 * The HTTP endpoint Prometheus scrapes: GET /metrics, nothing else. Idle, slow or too many connections are cut, so
 * that a scanner or a slowloris client can never use up the file descriptors the NTP queries need.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  /** The address actually bound, as host:port ([host]:port for IPv6): with port 0, the port the system chose. */
  address: string;
  url: string;
  close(): Promise<void>;
}

/** How long a connection may take and how many may be open; a scrape needs one connection and milliseconds. */
export interface MetricsServerLimits {
  /** Connections open at once; more are closed on arrival. */
  maxConnections: number;
  /** From connecting to the end of the request's headers. */
  headersTimeoutMs: number;
  /** From connecting to the end of the whole request. */
  requestTimeoutMs: number;
  /** A kept-alive connection waiting for its next request. */
  keepAliveTimeoutMs: number;
  /** A connection on which nothing moves at all. */
  idleTimeoutMs: number;
}

export const DEFAULT_METRICS_LIMITS: MetricsServerLimits = {
  maxConnections: 32,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 10_000,
};

export function startMetricsServer(
  registry: Registry,
  listen: { host: string; port: number },
  limits: MetricsServerLimits = DEFAULT_METRICS_LIMITS,
): Promise<MetricsServer> {
  const server: Server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default): check as often as the shortest allows.
      connectionsCheckingInterval: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 2,
      // A request's headers are a line or two; Node's default allows 16 KiB.
      maxHeaderSize: 8 * 1024,
    },
    (request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        // A body sent with it is not read: the connection is closed after this short answer.
        response.writeHead(405, { allow: 'GET, HEAD', connection: 'close' }).end();
        return;
      }
      if (path !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('NTP Monitor serves its metrics at /metrics\n');
        return;
      }
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
        (error: Error) => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${error.message}\n`),
      );
    },
  );
  server.maxConnections = limits.maxConnections;
  // Without a 'timeout' listener, Node destroys the socket: what we want for a connection that does nothing.
  server.timeout = limits.idleTimeoutMs;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      // Once listening, a failed connection concerns one scrape, never the monitor.
      server.on('error', () => undefined);
      const bound = server.address() as AddressInfo;
      const address = bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`;
      resolve({
        address,
        url: `http://${address}/metrics`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
