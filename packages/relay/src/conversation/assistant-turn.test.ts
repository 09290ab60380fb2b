import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationEvent } from '@tandem/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer } from '../../test/fake-anthropic-server.ts';
import { postTo, relayForTest, startConversation, TEST_KNOWLEDGE } from '../../test/test-fixture.ts';
import { createAnthropicAssistant } from '../assistant/anthropic.ts';
import { createOfflineAssistant } from '../assistant/offline.ts';
import { createMemoryAuditLog } from '../audit/memory.ts';
import { createInboxHandoff } from '../handoff/inbox/inbox-adapter.ts';
import type { RelayOptions } from '../options.ts';
import { toHex } from '../security/encoding.ts';
import { hmacSha256 } from '../security/hmac.ts';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ConversationStore } from '../store/store.ts';

const IDENTITY_SECRET = 'identity-secret-for-tests';
const withInbox = { handoff: { adapters: [createInboxHandoff()], development: true } } satisfies Partial<RelayOptions>;

async function conversationAfter(texts: string[], overrides: Partial<RelayOptions> = {}, body?: unknown) {
  const relay = relayForTest({ ...withInbox, identitySecret: IDENTITY_SECRET, ...overrides });
  const conversation = await startConversation(relay, body);
  for (const [index, text] of texts.entries()) {
    const response = await postTo(relay, conversation, 'messages', { clientMessageId: `m${index}`, text });
    expect(response.status).toBe(202);
    await relay.conversations.idle();
  }
  const events = await relay.conversations.store.readEvents(conversation.conversationId, 0);
  const record = await relay.conversations.store.getConversation(conversation.conversationId);
  return { relay, conversation, events, mode: record?.mode };
}

const handoffReasons = (events: ConversationEvent[]) =>
  events.flatMap((event) => (event.type === 'handoff' && event.status === 'requested' ? (event.reasons ?? []) : []));
const systemTexts = (events: ConversationEvent[]) =>
  events.flatMap((event) => (event.type === 'message' && event.message.role === 'system' ? [event.message.text] : []));
const assistantTexts = (events: ConversationEvent[]) =>
  events.flatMap((event) =>
    event.type === 'message' && event.message.role === 'assistant' ? [event.message.text] : [],
  );

describe('an assistant turn with the escalation policy', () => {
  it('hands off a request for a person in German, in German', async () => {
    const { events, mode } = await conversationAfter(
      ['Ich möchte bitte mit einem Menschen sprechen'],
      {},
      {
        siteId: 'shop',
        locale: 'de',
      },
    );
    expect(mode).toBe('waiting');
    // The frustration classifier also reads this polite German request as negative (a false flag it makes on some
    // German requests, see docs/assistant.md); the request for a person is what must be there.
    expect(handoffReasons(events)).toContain('human_requested');
    expect(systemTexts(events)).toEqual([expect.stringContaining('Person aus unserem Team')]);
  });

  it('hands off the second time the visitor asks the same thing', async () => {
    const { events, mode } = await conversationAfter([
      'How long does standard delivery take?',
      'How long does standard delivery take to Sweden?',
    ]);
    expect(assistantTexts(events)).toHaveLength(1);
    expect(mode).toBe('waiting');
    expect(handoffReasons(events)).toEqual(['repeated_question']);
  });

  it('hands off a legal threat at high priority, naming the topic for routing', async () => {
    const relay = relayForTest(withInbox);
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'messages', {
      clientMessageId: 'm1',
      text: 'My lawyer will contact you about the order',
    });
    await relay.conversations.idle();
    expect((await relay.conversations.store.getConversation(conversation.conversationId))?.mode).toBe('waiting');
    // A customer who brings in a lawyer is upset as well: both reasons reach the agent.
    const [entry] = (await withInbox.handoff.adapters[0]?.list()) ?? [];
    expect(entry?.context).toMatchObject({
      reasons: ['sensitive_topic', 'negative_sentiment', 'topic:legal'],
      priority: 'high',
    });
  });

  it('raises a verified VIP by one step, and ignores a tier the visitor typed in', async () => {
    const userHash = toHex(await hmacSha256(IDENTITY_SECRET, 'u-1'));
    const vip = await conversationAfter(
      ['I want to talk to a person'],
      {},
      {
        siteId: 'shop',
        identity: { userId: 'u-1', userHash, attributes: { tier: 'gold' } },
      },
    );
    const vipRecord = await vip.relay.conversations.store.getConversation(vip.conversation.conversationId);
    expect(vipRecord?.handoff).toMatchObject({ reasons: ['human_requested', 'vip'], priority: 'high' });

    const claimed = await conversationAfter(
      ['I want to talk to a person'],
      {},
      {
        siteId: 'shop',
        identity: { userId: 'u-1', attributes: { tier: 'gold' } },
      },
    );
    const claimedRecord = await claimed.relay.conversations.store.getConversation(claimed.conversation.conversationId);
    expect(claimedRecord?.handoff).toMatchObject({ reasons: ['human_requested'], priority: 'normal' });
  });

  it('says honestly that nobody is available outside business hours and asks for an address', async () => {
    const { events, mode } = await conversationAfter(['this is the third time, I want a refund NOW'], {
      policy: { businessHours: { timeZone: 'Europe/Stockholm', weekly: {} } },
    });
    expect(
      events.filter((event) => event.type === 'handoff').map((event) => event.type === 'handoff' && event.status),
    ).toEqual(['requested', 'unavailable']);
    expect(mode).toBe('assistant');
    expect(systemTexts(events)).toEqual([expect.stringMatching(/nobody is available right now.*email address/)]);
  });

  it('takes the same honest path when no handoff adapter is configured', async () => {
    const { events } = await conversationAfter(['I want to talk to a person'], { handoff: undefined });
    const unavailable = events.find((event) => event.type === 'handoff' && event.status === 'unavailable');
    expect(unavailable?.type === 'handoff' && unavailable.reasons).toEqual(['no_adapter']);
  });

  it('answers everything when the merchant turns the policy off, and still audits each answer', async () => {
    const audit = createMemoryAuditLog();
    const { events, mode } = await conversationAfter(['I want to talk to a person'], {
      policy: false,
      audit: { log: audit },
    });
    expect(mode).toBe('assistant');
    expect(assistantTexts(events)).toHaveLength(1);
    expect((await audit.list()).map((entry) => entry.type)).toEqual(['answer']);
  });

  it("records each question's local sentiment without a policy, for a quick answer and one streamed word by word", async () => {
    const angry = 'This is useless, I am furious, worst service ever!';
    const calm = 'How long do I have to return an item? Thank you so much, lovely shop.';
    for (const wordDelayMs of [0, 5]) {
      const audit = createMemoryAuditLog();
      const { events } = await conversationAfter([angry, calm], {
        policy: false,
        audit: { log: audit },
        assistant: createOfflineAssistant({ knowledge: TEST_KNOWLEDGE, wordDelayMs }),
      });
      expect(assistantTexts(events)).toHaveLength(2);
      const [first, second] = (await audit.list()).flatMap((entry) => (entry.type === 'answer' ? [entry] : []));
      expect(first?.question).toBe(angry);
      expect(first?.localSentiment).toBeLessThan(-0.3);
      expect(second?.question).toBe(calm);
      expect(second?.localSentiment).toBeGreaterThan(-0.3);
    }
  });

  it('keeps card numbers and e-mail addresses out of the audit log, unless told otherwise', async () => {
    const text = 'My card 4111 1111 1111 1111 and jane@example.com: how long do I have to return an item?';
    const redacted = await conversationAfter([text]);
    const [answer] = (await redacted.relay.audit.list()).filter((entry) => entry.type === 'answer');
    expect(answer?.type === 'answer' && answer.question).toBe(
      'My card [card] and [email]: how long do I have to return an item?',
    );
    const plain = await conversationAfter([text], { audit: { redact: false } });
    const [plainAnswer] = (await plain.relay.audit.list()).filter((entry) => entry.type === 'answer');
    expect(plainAnswer?.type === 'answer' && plainAnswer.question).toBe(text);
  });
});

describe("the assistant's typing event", () => {
  const directory = mkdtempSync(join(tmpdir(), 'tandem-typing-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const sqliteStore = () => createSqliteStore({ path: join(directory, `${crypto.randomUUID()}.db`) });
  /** The log as the widget replays it: the visitor's message, typing on, the streamed words, typing off, the answer. */
  const shape = (events: ConversationEvent[]) =>
    events
      .map((event) =>
        event.type === 'message'
          ? `message:${event.message.role}`
          : event.type === 'typing'
            ? `typing:${event.typing}`
            : event.type,
      )
      .filter((entry, index, entries) => entry !== 'message-delta' || entries[index - 1] !== 'message-delta');
  /** The log as it was appended, streamed words included (the store folds them into the answer once it is stored). */
  const followUntilAnswered = async (store: ConversationStore, conversationId: string) => {
    const controller = new AbortController();
    const events: ConversationEvent[] = [];
    for await (const event of store.subscribe(conversationId, 0, controller.signal)) {
      events.push(event);
      if (event.type === 'message' && event.message.role === 'assistant') controller.abort();
    }
    return events;
  };
  const answered = ['message:visitor', 'typing:true', 'message-delta', 'typing:false', 'message:assistant'];

  it('comes between the message and the first word, with the offline assistant thinking on the event loop', async () => {
    const store = sqliteStore();
    const relay = relayForTest({ store, policy: false });
    const conversation = await startConversation(relay);
    const log = followUntilAnswered(store, conversation.conversationId);
    const text = 'How long do I have to return an item?';
    expect((await postTo(relay, conversation, 'messages', { clientMessageId: 'm1', text })).status).toBe(202);
    await relay.conversations.idle();
    expect(shape(await log)).toEqual(answered);
  });

  it('is stored after the model has been asked, and still before its first word', async () => {
    const anthropic = await startFakeAnthropicServer();
    try {
      const store = sqliteStore();
      let conversationId = '';
      // What the log held when the SDK sent the request to the model.
      let logWhenAsked: ConversationEvent[] | undefined;
      const assistant = createAnthropicAssistant({
        apiKey: 'test-key',
        baseURL: anthropic.url,
        knowledge: TEST_KNOWLEDGE,
        fetch: (input, init) => {
          // better-sqlite3 reads synchronously: this is the log at the moment of the call.
          void store.readEvents(conversationId, 0).then((events) => {
            logWhenAsked = events;
          });
          return fetch(input, init);
        },
      });
      anthropic.script({
        tool: {
          input: {
            confidence: 0.95,
            sentiment: 0,
            intent: 'question',
            topics: ['returns'],
            citations: ['returns#return-window'],
            answer: 'You have 30 days from delivery.',
          },
        },
        chunkSize: 4,
        delayMs: 1,
      });
      const relay = relayForTest({ store, assistant, policy: false });
      const conversation = await startConversation(relay);
      conversationId = conversation.conversationId;
      const log = followUntilAnswered(store, conversationId);
      const response = await postTo(relay, conversation, 'messages', { clientMessageId: 'm1', text: 'Return window?' });
      expect(response.status).toBe(202);
      await relay.conversations.idle();
      expect(anthropic.requests).toHaveLength(1);
      expect(shape(logWhenAsked ?? [])).toEqual(['message:visitor']);
      expect(shape(await log)).toEqual(answered);
    } finally {
      await anthropic.close();
    }
  });
});

describe('GET /v1/audit', () => {
  const exportToken = 'audit-export-token-1234';

  it('exports the log as JSON lines to the bearer of the export token, filtered by conversation', async () => {
    const { relay, conversation } = await conversationAfter(['How long do I have to return an item?'], {
      audit: { exportToken },
    });
    await startConversation(relay);
    const response = await relay.request(`/v1/audit?conversationId=${conversation.conversationId}&limit=10`, {
      headers: { authorization: `Bearer ${exportToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.type, line.conversationId])).toEqual([
      ['decision', conversation.conversationId],
      ['decision', conversation.conversationId],
      ['answer', conversation.conversationId],
    ]);
  });

  it('refuses a missing token and a bad query, and is not served without a token configured', async () => {
    const { relay } = await conversationAfter([], { audit: { exportToken } });
    expect((await relay.request('/v1/audit')).status).toBe(401);
    const bad = await relay.request('/v1/audit?limit=none', { headers: { authorization: `Bearer ${exportToken}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('limit') } });
    const { relay: closed } = await conversationAfter([]);
    expect((await closed.request('/v1/audit', { headers: { authorization: `Bearer ${exportToken}` } })).status).toBe(
      404,
    );
  });
});
