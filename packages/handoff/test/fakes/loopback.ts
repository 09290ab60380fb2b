import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The exact body bytes, for binary uploads. */
  bytes: Uint8Array;
}

export interface LoopbackResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON unless a string (text/plain) or bytes (application/octet-stream unless `headers` says otherwise). */
  body?: unknown;
}

/** `drop` closes the connection without an answer, as a network failure or a lost response would. */
export type LoopbackHandler = (
  request: LoopbackRequest,
) => LoopbackResponse | 'drop' | Promise<LoopbackResponse | 'drop'>;

export interface LoopbackServer {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and a free port, for helpdesk fakes. Bodies are answered as JSON unless strings. */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      try {
        const bytes = Buffer.concat(chunks);
        const result = await handler({
          method: incoming.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: incoming.headers,
          body: bytes.toString('utf8'),
          bytes: new Uint8Array(bytes),
        });
        if (result === 'drop') {
          incoming.socket.destroy();
          return;
        }
        if (result.body instanceof Uint8Array) {
          outgoing.writeHead(result.status, { 'content-type': 'application/octet-stream', ...result.headers });
          outgoing.end(Buffer.from(result.body));
          return;
        }
        const isText = typeof result.body === 'string';
        const body = result.body === undefined ? '' : isText ? (result.body as string) : JSON.stringify(result.body);
        outgoing.writeHead(result.status, {
          'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
          ...result.headers,
        });
        outgoing.end(body);
      } catch (error) {
        outgoing.writeHead(500, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ error: String(error) }));
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a JSON or form body the way the real API would accept either. */
export function parseRequestBody(request: LoopbackRequest): Record<string, unknown> {
  const contentType = String(request.headers['content-type'] ?? '');
  if (request.body === '') return Object.fromEntries(request.query);
  if (contentType.includes('application/json')) return JSON.parse(request.body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(request.body));
}
