import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '@tandem/protocol';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { RelayError } from '../errors.ts';
import type { RelayEnvironment } from './environment.ts';

const RECONNECT_HINT_MS = 2000;

/** Server-Sent Events: replays the log after Last-Event-ID, then follows it live. */
export function eventRoutes() {
  return new Hono<RelayEnvironment>().get('/:conversationId/events', async (context) => {
    const { conversations, options } = context.var;
    const conversation = await conversations.authorize(
      context.req.param('conversationId'),
      context.req.header('authorization'),
    );
    const afterId = parseLastEventId(context.req.header('last-event-id') ?? context.req.query('lastEventId'));

    context.header('x-accel-buffering', 'no');
    context.header(PROTOCOL_VERSION_HEADER, PROTOCOL_VERSION);
    return streamSSE(context, async (stream) => {
      const subscription = new AbortController();
      stream.onAbort(() => subscription.abort());
      const heartbeat = setInterval(() => {
        stream.write(': heartbeat\n\n').catch(() => subscription.abort());
      }, options.heartbeatIntervalMs);
      try {
        await stream.write(`retry: ${RECONNECT_HINT_MS}\n\n`);
        for await (const event of conversations.store.subscribe(conversation.id, afterId, subscription.signal)) {
          await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event) });
          if (stream.aborted) break;
        }
      } finally {
        clearInterval(heartbeat);
        subscription.abort();
      }
    });
  });
}

function parseLastEventId(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,15}$/.test(value)) {
    throw new RelayError('bad_request', 'Last-Event-ID must be the id of an event, a whole number.');
  }
  return Number(value);
}
