import type { ConversationEvent } from '@tandem/protocol';
import {
  type AttachmentOptions,
  createInboxHandoff,
  createOfflineAssistant,
  createRelay,
  type Relay,
} from '@tandem/relay';

const knowledge = [
  { id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item for a full refund.' },
  { id: 'shipping', markdown: '## Shipping time\nOrders ship within two working days and arrive in three to five.' },
];

export const RELAY_URL = 'http://relay.test';

/**
 * A real relay in this process with the offline assistant, reached through a fetch that can be cut:
 * `down = true` fails every request the way a browser does when the relay is unreachable.
 */
export function relayForTests(
  options: {
    tokenTtlSeconds?: number;
    wordDelayMs?: number;
    reconnectDelayMs?: number;
    loadShedding?: { maxEventLoopDelayMs: number; retryAfterSeconds: number };
    attachments?: AttachmentOptions;
  } = {},
) {
  const relay: Relay = createRelay({
    secret: 'widget-test-secret-widget-test-secret',
    assistant: createOfflineAssistant({ knowledge, wordDelayMs: options.wordDelayMs ?? 0 }),
    reconnectDelayMs: options.reconnectDelayMs ?? 50,
    allowedOrigins: '*',
    heartbeatIntervalMs: 1000,
    logLevel: 'warn',
    // Off unless a test asks: a shared test machine stalls now and then.
    loadShedding: options.loadShedding ?? false,
    // Someone to hand to (the agent page), so "Talk to a person" waits for a person instead of being told nobody is there.
    handoff: { adapters: [createInboxHandoff()], development: true },
    ...(options.tokenTtlSeconds ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
    ...(options.attachments ? { attachments: options.attachments } : {}),
  });
  const network = {
    down: false,
    /** Event streams break after this many chunks, like a connection dropped by a proxy. */
    cutStreamsAfterChunks: undefined as number | undefined,
    /** The Last-Event-ID of every event stream request. */
    resumedFrom: [] as (string | null)[],
    requests: [] as { method: string; path: string }[],
  };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    network.requests.push({ method: init?.method ?? 'GET', path: url.pathname });
    if (network.down) throw new TypeError('Failed to fetch');
    const response = await relay.request(url.pathname + url.search, init);
    if (!url.pathname.endsWith('/events')) return response;
    network.resumedFrom.push(new Headers(init?.headers).get('last-event-id'));
    if (!response.body) return response;
    let chunks = 0;
    // Read at every chunk, so setting it also breaks streams that are already open.
    const cut = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        chunks++;
        const limit = network.cutStreamsAfterChunks;
        if (limit !== undefined && chunks > limit) controller.error(new TypeError('network error'));
        else controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(cut), { status: response.status, headers: response.headers });
  };
  async function events(conversationId: string): Promise<ConversationEvent[]> {
    return relay.conversations.store.readEvents(conversationId, 0);
  }
  return { relay, fetch, network, events };
}

/** Waits until `check` holds, polling every 10 ms (running `before` first, if given) for at most `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 5000, before?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await before?.();
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
