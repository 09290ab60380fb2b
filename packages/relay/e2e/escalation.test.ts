import type { ConversationEvent } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnthropicAssistant } from '../src/assistant/anthropic.ts';
import type { Assistant } from '../src/assistant/assistant.ts';
import { createOfflineAssistant } from '../src/assistant/offline.ts';
import { exportAuditLog } from '../src/audit/audit-log.ts';
import { createInboxHandoff } from '../src/handoff/inbox/inbox-adapter.ts';
import { type RunningServer, serveApp } from '../src/node/serve.ts';
import { type FakeAnthropicServer, startFakeAnthropicServer } from '../test/fake-anthropic-server.ts';
import { readEvents, relayForTest, TEST_KNOWLEDGE, type TestRelay } from '../test/test-fixture.ts';

const CALM = 'How long do I have to return an item?';
const ANGRY = 'this is the third time, I want a refund NOW';

let server: RunningServer | undefined;
let anthropic: FakeAnthropicServer | undefined;
afterEach(async () => {
  await server?.close();
  await anthropic?.close();
  server = undefined;
  anthropic = undefined;
});

async function startRelay(assistant: Assistant): Promise<{ relay: TestRelay; base: string }> {
  const relay = relayForTest({
    assistant,
    heartbeatIntervalMs: 200,
    handoff: { adapters: [createInboxHandoff()], development: true },
  });
  server = await serveApp({ app: relay, port: 0 });
  return { relay, base: server.url };
}

/** A visitor over real HTTP: opens the live event stream first, then sends one message and reads until `done`. */
async function visitorSends(
  base: string,
  text: string,
  done: (events: ConversationEvent[]) => boolean,
): Promise<{ conversationId: string; events: ConversationEvent[] }> {
  const created = await fetch(`${base}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ siteId: 'shop', locale: 'en' }),
  });
  const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
  const stream = await fetch(`${base}/v1/conversations/${conversationId}/events`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(stream.status).toBe(200);
  const reading = readEvents(stream, done);
  const sent = await fetch(`${base}/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientMessageId: 'm1', text }),
  });
  expect(sent.status).toBe(202);
  return { conversationId, events: await reading };
}

const hasAssistantMessage = (events: ConversationEvent[]) =>
  events.some((event) => event.type === 'message' && event.message.role === 'assistant');
const hasSystemMessage = (events: ConversationEvent[]) =>
  events.some((event) => event.type === 'message' && event.message.role === 'system');
const firstIndex = (events: ConversationEvent[], predicate: (event: ConversationEvent) => boolean) =>
  events.findIndex(predicate);

function expectHandedOffBeforeAnyText(events: ConversationEvent[], reason: string) {
  const waiting = firstIndex(events, (event) => event.type === 'mode' && event.mode === 'waiting');
  const requested = firstIndex(events, (event) => event.type === 'handoff' && event.status === 'requested');
  expect(waiting).toBeGreaterThanOrEqual(0);
  expect(requested).toBeGreaterThan(waiting);
  const handoff = events[requested];
  expect(handoff?.type === 'handoff' && handoff.reasons).toContain(reason);
  expect(events.filter((event) => event.type === 'message-delta')).toEqual([]);
  expect(hasAssistantMessage(events)).toBe(false);
  const system = events.find((event) => event.type === 'message' && event.message.role === 'system');
  expect(system?.type === 'message' && system.message.text).toMatch(/person from our team/);
}

describe('escalation over a real socket, offline assistant', () => {
  it('answers a calm routine question and hands nothing off', async () => {
    const { relay, base } = await startRelay(createOfflineAssistant({ knowledge: TEST_KNOWLEDGE, wordDelayMs: 1 }));
    const { conversationId, events } = await visitorSends(base, CALM, hasAssistantMessage);

    // Streamed before the final message; words 1 ms apart are coalesced into a few deltas.
    expect(events.filter((event) => event.type === 'message-delta').length).toBeGreaterThanOrEqual(1);
    const answer = events.find((event) => event.type === 'message' && event.message.role === 'assistant');
    expect(answer?.type === 'message' && answer.message.text).toBe(
      'You have 30 days from delivery to return an item for a full refund.',
    );
    expect(events.some((event) => event.type === 'handoff' || event.type === 'mode')).toBe(false);
    const audit = await relay.audit.list({ conversationId });
    expect(audit.map((entry) => entry.type)).toEqual(['decision', 'decision', 'answer']);
    expect(audit.at(-1)).toMatchObject({ type: 'answer', outcome: 'answered', model: 'bm25', escalate: false });
  });

  it('hands an angry "third time, refund NOW" to a person before the assistant says anything', async () => {
    const { relay, base } = await startRelay(createOfflineAssistant({ knowledge: TEST_KNOWLEDGE, wordDelayMs: 1 }));
    const { conversationId, events } = await visitorSends(base, ANGRY, hasSystemMessage);

    expectHandedOffBeforeAnyText(events, 'negative_sentiment');
    expect(events.some((event) => event.type === 'typing')).toBe(false);
    const [decision] = await relay.audit.list({ conversationId });
    expect(decision).toMatchObject({ type: 'decision', stage: 'before-assistant', escalate: true });
    expect(relay.metrics.handoffs.value({ reason: 'negative_sentiment' })).toBe(1);
    const lines = (await exportAuditLog(relay.audit)).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(['decision']);
  });
});

describe('escalation over a real socket, Claude against the loopback Messages API', () => {
  async function claudeRelay() {
    anthropic = await startFakeAnthropicServer();
    return startRelay(
      createAnthropicAssistant({ apiKey: 'test-key', baseURL: anthropic.url, knowledge: TEST_KNOWLEDGE, retry: false }),
    );
  }
  const assessed = (confidence: number, answer: string) => ({
    tool: {
      input: {
        confidence,
        sentiment: 0,
        intent: 'question',
        topics: ['returns'],
        citations: ['returns#return-window'],
        answer,
      },
    },
    chunkSize: 8,
  });

  it('streams a confident answer to the visitor', async () => {
    const { base } = await claudeRelay();
    anthropic?.script(assessed(0.92, 'You have 30 days from delivery to return an item.'));
    const { events } = await visitorSends(base, CALM, hasAssistantMessage);
    const deltas = events.filter((event) => event.type === 'message-delta');
    expect(deltas.map((event) => (event.type === 'message-delta' ? event.delta : '')).join('')).toBe(
      'You have 30 days from delivery to return an item.',
    );
    expect(events.some((event) => event.type === 'handoff')).toBe(false);
  });

  it('shows none of an unsure answer and hands off instead', async () => {
    const { relay, base } = await claudeRelay();
    const guess = 'I think returns might be possible for a while, maybe.';
    anthropic?.script(assessed(0.2, guess));
    const { conversationId, events } = await visitorSends(
      base,
      'Can I return a custom engraved ring?',
      hasSystemMessage,
    );

    expectHandedOffBeforeAnyText(events, 'low_confidence');
    expect(anthropic?.requests).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('maybe');
    const answer = (await relay.audit.list({ conversationId })).find((entry) => entry.type === 'answer');
    expect(answer).toMatchObject({ outcome: 'escalated', confidence: 0.2, reasons: ['low_confidence'] });
  });

  it('hands off after two unsure answers in a row, before the second is shown', async () => {
    const { relay, base } = await claudeRelay();
    anthropic?.script(
      assessed(0.6, 'Standard delivery takes 3 to 5 working days.'),
      assessed(0.55, 'Express delivery may be possible on some items.'),
    );
    const created = await fetch(`${base}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteId: 'shop', locale: 'en' }),
    });
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    for (const [index, text] of ['How long does delivery take?', 'Can I get express delivery to Iceland?'].entries()) {
      const sent = await fetch(`${base}/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ clientMessageId: `m${index}`, text }),
      });
      expect(sent.status).toBe(202);
      await relay.conversations.idle();
    }
    const events = await relay.conversations.store.readEvents(conversationId, 0);
    const assistantTexts = events.flatMap((event) =>
      event.type === 'message' && event.message.role === 'assistant' ? [event.message.text] : [],
    );
    expect(assistantTexts).toEqual(['Standard delivery takes 3 to 5 working days.']);
    expect(JSON.stringify(events)).not.toContain('Express delivery may be possible');
    const handoff = events.find((event) => event.type === 'handoff' && event.status === 'requested');
    expect(handoff?.type === 'handoff' && handoff.reasons).toEqual(['low_confidence_streak']);
  });

  it('never asks the model about an angry message it hands off', async () => {
    const { base } = await claudeRelay();
    const { events } = await visitorSends(base, ANGRY, hasSystemMessage);
    expectHandedOffBeforeAnyText(events, 'negative_sentiment');
    expect(anthropic?.requests).toEqual([]);
  });

  it('tells the visitor plainly when the model fails, and offers a person', async () => {
    const { relay, base } = await claudeRelay();
    anthropic?.script({ status: 529 });
    const { conversationId, events } = await visitorSends(base, CALM, hasSystemMessage);
    expect(events.some((event) => event.type === 'error' && event.code === 'assistant_failed')).toBe(true);
    const system = events.find((event) => event.type === 'message' && event.message.role === 'system');
    expect(system?.type === 'message' && system.message.text).toMatch(/Talk to a person/);
    expect(hasAssistantMessage(events)).toBe(false);
    const answer = (await relay.audit.list({ conversationId })).find((entry) => entry.type === 'answer');
    expect(answer).toMatchObject({ outcome: 'failed', error: { code: 'overloaded' } });
  });
});
