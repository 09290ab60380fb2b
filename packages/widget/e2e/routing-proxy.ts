import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';

/** Where the proxy sends a request: event streams one way, everything else (posts, preflights) another. */
export interface Routes {
  /** `GET …/events`: the first address that accepts a connection gets it. */
  events: string[];
  /** Every other request, in the same order of preference. */
  requests: string[];
}

export interface ForwardedRequest {
  method: string;
  path: string;
  /** The upstream that took it. */
  target: string;
}

/**
 * A small HTTP load balancer on loopback for a widget that knows one relay URL: it routes by request (the event
 * stream to one instance, the posts to another) and, like a load balancer with health checks, passes a request to
 * the next instance when one refuses the connection. A stream cut by a dead instance is cut for the browser too.
 */
export interface RoutingProxy {
  url: string;
  route(routes: Routes): void;
  /** Every request forwarded so far, in order. */
  readonly forwarded: ForwardedRequest[];
  close(): Promise<void>;
}

export async function startRoutingProxy(initial: Routes): Promise<RoutingProxy> {
  let routes = initial;
  const forwarded: ForwardedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const isStream = incoming.method === 'GET' && /\/events(\?|$)/.test(incoming.url ?? '');
      pass(incoming, Buffer.concat(chunks), outgoing, [...(isStream ? routes.events : routes.requests)], forwarded);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    route(next) {
      routes = next;
    },
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- internal ---

function pass(
  incoming: IncomingMessage,
  body: Buffer,
  outgoing: ServerResponse,
  targets: string[],
  forwarded: ForwardedRequest[],
): void {
  const target = targets.shift();
  if (!target) {
    outgoing.writeHead(502, { 'content-type': 'text/plain' }).end('no relay instance reachable');
    return;
  }
  const upstream = forward(
    `${target}${incoming.url ?? '/'}`,
    { method: incoming.method, headers: incoming.headers, agent: false },
    (answer) => {
      forwarded.push({ method: incoming.method ?? '', path: incoming.url ?? '', target });
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
      // The instance died in the middle of the response: the browser must see the cut, not a clean end.
      answer.on('aborted', () => outgoing.destroy());
      answer.on('error', () => outgoing.destroy());
    },
  );
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (!outgoing.headersSent && error.code === 'ECONNREFUSED') pass(incoming, body, outgoing, targets, forwarded);
    else outgoing.destroy();
  });
  outgoing.on('close', () => upstream.destroy());
  upstream.end(body);
}
