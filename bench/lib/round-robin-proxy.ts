import { Agent, createServer, request as forward } from 'node:http';

export interface RoundRobinProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * The simplest load balancer: each HTTP request (a post, an event stream) goes to the next instance in turn, with
 * no stickiness, over kept-alive connections. Loopback only.
 */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const target = targets[next++ % targets.length] as string;
    let answered = false;
    const upstream = forward(
      `${target}${incoming.url ?? '/'}`,
      { method: incoming.method, headers: incoming.headers, agent },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        answer.on('end', () => {
          answered = true;
        });
      },
    );
    upstream.on('error', () => outgoing.destroy());
    // The client left before the answer ended (a closed event stream): let the instance know.
    outgoing.on('close', () => {
      if (!answered) upstream.destroy();
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
