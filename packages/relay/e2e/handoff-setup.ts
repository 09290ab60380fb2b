import type { HandoffAdapter } from '@tandem/handoff';
import { createSlackHandoff } from '@tandem/handoff/slack';
import { type FakeSlack, startFakeSlack } from '@tandem/handoff/test';
import type { ConversationEvent } from '@tandem/protocol';
import { createRelay, type Relay } from '../src/app.ts';
import { createOfflineAssistant } from '../src/assistant/offline.ts';
import type { HandoffOptions } from '../src/handoff/options.ts';
import { createLogger } from '../src/observability/logger.ts';
import type { ConversationStore } from '../src/store/store.ts';

export const SLACK_CHANNEL = 'C0HANDOFF';
export const SLACK_SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const AGENT = { id: 'U0AGENT01', name: 'grace', displayName: 'Grace Hopper' };

const knowledge = [
  { id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item for a full refund.' },
];

export interface HandoffHarness {
  relay: Relay;
  slack: FakeSlack;
  /** Every log line the relay wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A relay whose handoffs go to a loopback Slack (plus any further adapters), retrying fast. */
export async function startHandoffHarness(settings: HarnessSettings = {}): Promise<HandoffHarness> {
  const slack = await startFakeSlack({
    botToken: 'xoxb-test-token',
    signingSecret: SLACK_SIGNING_SECRET,
    channels: [SLACK_CHANNEL, 'C0VIP'],
    users: [{ id: AGENT.id, name: AGENT.name, displayName: AGENT.displayName }],
  });
  const logs: Record<string, unknown>[] = [];
  const relay = createHarnessRelay(slack, logs, settings);
  return {
    relay,
    slack,
    logs,
    async close() {
      relay.handoff?.stop();
      await relay.conversations.idle();
      await slack.close();
    },
  };
}

export interface HarnessSettings {
  extraAdapters?: HandoffAdapter[];
  handoff?: Partial<HandoffOptions>;
  /** Share one store between relays, as several instances of one deployment do. */
  store?: ConversationStore;
  /** Verifies visitor identities (userHash), so a verified tier can route. */
  identitySecret?: string;
}

/** Another relay instance against the same loopback Slack; give both the same `store`. */
export function createHarnessRelay(
  slack: FakeSlack,
  logs: Record<string, unknown>[],
  settings: HarnessSettings = {},
): Relay {
  return createRelay({
    secret: 'handoff-test-secret-0123456789abcdefgh',
    assistant: createOfflineAssistant({ knowledge }),
    allowedOrigins: ['https://shop.example'],
    loadShedding: false,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    ...(settings.store ? { store: settings.store } : {}),
    ...(settings.identitySecret ? { identitySecret: settings.identitySecret } : {}),
    handoff: {
      adapters: [
        createSlackHandoff({
          botToken: 'xoxb-test-token',
          signingSecret: SLACK_SIGNING_SECRET,
          channel: SLACK_CHANNEL,
          baseURL: slack.apiURL,
        }),
        ...(settings.extraAdapters ?? []),
      ],
      retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
      pending: { retryIntervalMs: 0 },
      ...settings.handoff,
    },
  });
}

export async function startConversation(
  relay: Relay,
  body: Record<string, unknown> = { locale: 'en', pageUrl: 'https://shop.example/orders/4411' },
): Promise<{ conversationId: string; token: string }> {
  const response = await relay.request('/v1/conversations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { conversationId: string; token: string };
}

export async function sendMessage(
  relay: Relay,
  conversation: { conversationId: string; token: string },
  text: string,
): Promise<Response> {
  const response = await relay.request(`/v1/conversations/${conversation.conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
    body: JSON.stringify({ clientMessageId: crypto.randomUUID(), text }),
  });
  await relay.conversations.idle();
  return response;
}

/** The visitor presses "Talk to a person"; resolves once the runner has finished with it. */
export async function askForPerson(
  relay: Relay,
  conversation: { conversationId: string; token: string },
  note?: string,
): Promise<Response> {
  const response = await relay.request(`/v1/conversations/${conversation.conversationId}/handoff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
    body: JSON.stringify(note ? { note } : {}),
  });
  await relay.conversations.idle();
  return response;
}

export async function eventsOf(relay: Relay, conversationId: string): Promise<ConversationEvent[]> {
  return relay.conversations.store.readEvents(conversationId, 0);
}

/** Sends a webhook request (built by a fake helpdesk) to the relay. */
export function deliver(relay: Relay, request: Request): Promise<Response> {
  return Promise.resolve(relay.request(request));
}
