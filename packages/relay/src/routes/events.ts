import type { ConversationEvent } from '@tandem/protocol';
import { PROTOCOL_VERSION, PROTOCOL_VERSION_HEADER } from '@tandem/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { RelayError } from '../errors.ts';
import { verifyToken } from '../security/token.ts';
import type { RelayEnvironment } from './environment.ts';
import { OpenStreams } from './open-streams.ts';
import { conversationOfRequest } from './validation.ts';

const lastEventIdSchema = z.string().regex(/^\d{1,15}$/);
const encoder = new TextEncoder();

export interface EventRoutesOptions {
  heartbeatIntervalMs: number;
  /** One heartbeat timer for all streams (Node, Bun, Deno); false gives each stream its own (Workers). */
  sharedTimer?: boolean;
}

/**
 * Server-Sent Events: replays the log after Last-Event-ID (header, or `?lastEventId=` for clients that cannot set
 * headers), then follows it live. Each event carries its id, so a reconnect resumes exactly where it left off.
 * The stream ends when its token expires (the widget reconnects with the fresh token it renewed meanwhile). When the
 * client goes away the subscription and its store listener are let go.
 */
export function eventRoutes({ heartbeatIntervalMs, sharedTimer = true }: EventRoutesOptions) {
  const openStreams = new OpenStreams({ heartbeatIntervalMs, sharedTimer });
  const slots = new StreamSlots();
  return new Hono<RelayEnvironment>().get('/:conversationId/events', async (context) => {
    const { conversations, options } = context.var;
    const conversation = await conversationOfRequest(context, { countsAgainstLimit: false });
    const afterId = parseLastEventId(context.req.header('last-event-id') ?? context.req.query('lastEventId'));
    const expiresAt = await tokenExpiry(options.secret, context.req.header('authorization'));
    const headers = {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      [PROTOCOL_VERSION_HEADER]: PROTOCOL_VERSION,
    };
    // Hono answers HEAD by running the GET handler and dropping the body unread, so a stream opened here would
    // never be cancelled: its subscription would live forever. Answer with the headers alone.
    if (context.req.method === 'HEAD') return context.body(null, 200, headers);

    const releaseSlot = slots.take(conversation.id, options.maxStreamsPerConversation);
    const stream = new EventStream(afterId, expiresAt);
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => stream.attach(controller),
        pull: () => stream.drained(),
        cancel: () => stream.end(),
      },
      { highWaterMark: 16 * 1024, size: (chunk) => chunk.byteLength },
    );
    stream.write(`retry: ${options.reconnectDelayMs}\n\n`);
    void follow(stream, conversations, conversation.id, openStreams).finally(releaseSlot);
    return context.body(body, 200, { ...headers, connection: 'keep-alive' });
  });
}

// --- internal ---

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

type Conversations = RelayEnvironment['Variables']['conversations'];

/** Feeds the store's events into the stream until the client leaves or the token expires. */
async function follow(stream: EventStream, conversations: Conversations, conversationId: string, keeper: OpenStreams) {
  const connections = conversations.metrics.sseConnections;
  connections.add(1);
  const release = keeper.keep(stream);
  try {
    for await (const event of conversations.store.subscribe(conversationId, stream.afterId, stream.signal)) {
      if (stream.signal.aborted) break;
      await stream.writeEvent(event);
    }
  } catch (error) {
    conversations.logger.warn('event stream ended by an error', { conversationId, error });
  } finally {
    release();
    stream.end();
    connections.add(-1);
  }
}

/**
 * One client's stream: a plain ReadableStream fed through its controller (no TransformStream, writer or per-stream
 * timer), so an idle stream costs little. Writing waits while the client reads slower than events arrive.
 */
class EventStream {
  readonly #subscription = new AbortController();
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #resume: (() => void) | undefined;

  constructor(
    readonly afterId: number,
    readonly expiresAt: number,
  ) {}

  get signal(): AbortSignal {
    return this.#subscription.signal;
  }

  attach(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.#controller = controller;
  }

  drained(): void {
    const resume = this.#resume;
    this.#resume = undefined;
    resume?.();
  }

  write(text: string): void {
    if (this.signal.aborted) return;
    try {
      this.#controller?.enqueue(encoder.encode(text));
    } catch {
      this.end();
    }
  }

  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  async writeEvent(event: ConversationEvent): Promise<void> {
    this.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\nid: ${event.id}\n\n`);
    if ((this.#controller?.desiredSize ?? 1) > 0 || this.signal.aborted) return;
    await new Promise<void>((resolve) => {
      this.#resume = resolve;
    });
  }

  /** Ends the stream: the client left, the token expired or the subscription failed. Safe to call twice. */
  end(): void {
    if (this.signal.aborted) return;
    this.#subscription.abort();
    this.drained();
    try {
      this.#controller?.close();
    } catch {
      // Already closed or cancelled by the client.
    }
  }
}

async function tokenExpiry(secret: string, authorization: string | undefined): Promise<number> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const check = await verifyToken(secret, token);
  // The request was authorized a moment ago; a token that expired in between ends its stream at once.
  return check.valid ? check.claims.expiresAt * 1000 : 0;
}

function parseLastEventId(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!lastEventIdSchema.safeParse(value).success) {
    throw new RelayError('bad_request', 'Last-Event-ID must be the id of an event, a whole number.');
  }
  return Number(value);
}
