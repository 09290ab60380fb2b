import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '@tandem/protocol';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { RelayError } from '../errors.ts';
import type { RelayEnvironment } from './environment.ts';
import { conversationOfRequest } from './validation.ts';

const lastEventIdSchema = z.string().regex(/^\d{1,15}$/);

/**
 * Server-Sent Events: replays the log after Last-Event-ID (header, or `?lastEventId=` for clients that cannot set
 * headers), then follows it live. Each event carries its id, so a reconnect resumes exactly where it left off.
 * When the client goes away the subscription, its store listener and the heartbeat timer are all let go.
 */
export function eventRoutes() {
  const openStreams = new StreamSlots();
  return new Hono<RelayEnvironment>().get('/:conversationId/events', async (context) => {
    const { conversations, options } = context.var;
    const conversation = await conversationOfRequest(context, { countsAgainstLimit: false });
    const afterId = parseLastEventId(context.req.header('last-event-id') ?? context.req.query('lastEventId'));
    const connections = conversations.metrics.sseConnections;
    const release = openStreams.take(conversation.id, options.maxStreamsPerConversation);

    context.header('x-accel-buffering', 'no');
    context.header(PROTOCOL_VERSION_HEADER, PROTOCOL_VERSION);
    return streamSSE(context, (stream) => streamEvents(stream).finally(release));
    async function streamEvents(stream: Parameters<Parameters<typeof streamSSE>[1]>[0]) {
      const subscription = new AbortController();
      stream.onAbort(() => subscription.abort());
      if (stream.aborted) return;
      connections.add(1);
      const heartbeat = setInterval(() => {
        if (stream.aborted) subscription.abort();
        else void stream.write(': heartbeat\n\n');
      }, options.heartbeatIntervalMs);
      try {
        await stream.write(`retry: ${options.reconnectDelayMs}\n\n`);
        for await (const event of conversations.store.subscribe(conversation.id, afterId, subscription.signal)) {
          if (stream.aborted) break;
          await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event) });
        }
      } finally {
        clearInterval(heartbeat);
        subscription.abort();
        connections.add(-1);
      }
    }
  });
}

/** Open event streams per conversation in this process, so one conversation cannot hold unbounded listeners. */
class StreamSlots {
  readonly #open = new Map<string, number>();

  /** Takes a slot or throws 429; returns the function that gives it back (once). */
  take(conversationId: string, limit: number): () => void {
    const open = this.#open.get(conversationId) ?? 0;
    if (open >= limit) {
      throw new RelayError('rate_limited', `This conversation has ${limit} open event streams already.`, {
        headers: { 'retry-after': '5' },
      });
    }
    this.#open.set(conversationId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(conversationId) ?? 1) - 1;
      if (left <= 0) this.#open.delete(conversationId);
      else this.#open.set(conversationId, left);
    };
  }
}

function parseLastEventId(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!lastEventIdSchema.safeParse(value).success) {
    throw new RelayError('bad_request', 'Last-Event-ID must be the id of an event, a whole number.');
  }
  return Number(value);
}
