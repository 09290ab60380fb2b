import type { ConversationEvent } from '@tandem/protocol';
import { createRelay, type Relay } from '../src/app.ts';
import { createOfflineAssistant } from '../src/assistant/offline.ts';
import { createInboxHandoff } from '../src/handoff/inbox/inbox-adapter.ts';
import { createLogger } from '../src/observability/logger.ts';
import type { RelayOptions } from '../src/options.ts';

/** Helpers shared by the relay's route and end-to-end tests. Not part of the public API. */

export const TEST_SECRET = 'route-test-secret-route-test-secret-42';
export const TEST_ORIGIN = 'https://shop.example';

export const TEST_KNOWLEDGE = [
  { id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item for a full refund.' },
  { id: 'shipping', markdown: '## Delivery times\nStandard delivery takes 3 to 5 working days within the EU.' },
];

export interface TestRelay extends Relay {
  /** Every log line the relay wrote, parsed. */
  readonly logLines: Record<string, unknown>[];
}

export function relayForTest(overrides: Partial<RelayOptions> = {}): TestRelay {
  const logLines: Record<string, unknown>[] = [];
  const relay = createRelay({
    secret: TEST_SECRET,
    assistant: createOfflineAssistant({ knowledge: TEST_KNOWLEDGE }),
    allowedOrigins: [TEST_ORIGIN],
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(JSON.parse(line)) }),
    // A test machine shared with other jobs stalls now and then; only the load-shedding tests ask for shedding.
    loadShedding: false,
    ...overrides,
  });
  return Object.assign(relay, { logLines });
}

/**
 * A relay with someone to hand to (the built-in agent page, development mode), so "talk to a person" waits for a
 * person; without any helpdesk the visitor is told nobody is available instead.
 */
export function relayWithAgentPage(overrides: Partial<RelayOptions> = {}): TestRelay {
  return relayForTest({ handoff: { adapters: [createInboxHandoff()], development: true }, ...overrides });
}

export interface StartedConversation {
  conversationId: string;
  token: string;
  expiresAt: string;
}

export async function startConversation(
  relay: { request: Relay['request'] },
  body: unknown = { siteId: 'shop', locale: 'en' },
  prefix = '',
): Promise<StartedConversation> {
  const response = await relay.request(`${prefix}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as StartedConversation;
}

/** POSTs JSON to a conversation route with its token. */
export function postTo(
  relay: { request: Relay['request'] },
  conversation: { conversationId: string; token: string },
  action: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    relay.request(`/v1/conversations/${conversation.conversationId}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}`, ...headers },
      body: JSON.stringify(body),
    }),
  );
}

export interface ParsedServerSentEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * A small Server-Sent Events parser (the WHATWG rules the tests rely on: fields per line, blank line ends an
 * event, comments start with ":"). Independent of the widget, so the relay is checked against the format itself.
 */
export class ServerSentEventReader {
  private buffer = '';
  readonly comments: string[] = [];
  retry: number | undefined;

  push(chunk: string): ParsedServerSentEvent[] {
    this.buffer += chunk;
    const events: ParsedServerSentEvent[] = [];
    let end = this.buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: ParsedServerSentEvent = { data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          this.comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'id') event.id = value;
        else if (field === 'event') event.event = value;
        else if (field === 'retry') this.retry = Number(value);
      }
      if (data.length > 0) {
        event.data = data.join('\n');
        events.push(event);
      }
      end = this.buffer.indexOf('\n\n');
    }
    return events;
  }
}

/** Reads conversation events from an SSE response until `enough` says so (or 5 s pass), then hangs up. */
export async function readEvents(
  response: Response,
  enough: (events: ConversationEvent[]) => boolean,
): Promise<ConversationEvent[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const parser = new ServerSentEventReader();
  const events: ConversationEvent[] = [];
  const deadline = Date.now() + 5000;
  try {
    while (!enough(events) && Date.now() < deadline) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) events.push(JSON.parse(event.data));
    }
  } finally {
    await reader.cancel();
  }
  return events;
}
