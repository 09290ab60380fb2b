import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postTo, relayForTest, relayWithAgentPage, startConversation } from '../../test/test-fixture.ts';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';

describe('POST /v1/conversations/:id/messages', () => {
  it('stores and answers one message when the same send arrives twice at once', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const body = { clientMessageId: 'double-tap', text: 'How long do I have to return an item?' };
    const [first, second] = await Promise.all([
      postTo(relay, conversation, 'messages', body),
      postTo(relay, conversation, 'messages', body),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 202]);
    const [firstBody, secondBody] = await Promise.all([first.json(), second.json()]);
    expect(firstBody.message).toEqual(secondBody.message);
    await relay.conversations.idle();
    const messages = (await relay.conversations.store.readEvents(conversation.conversationId, 0)).flatMap((event) =>
      event.type === 'message' ? [event.message.role] : [],
    );
    expect(messages).toEqual(['visitor', 'assistant']);
    expect(relay.metrics.messages.value({ role: 'visitor' })).toBe(1);
  });

  it('refuses a message longer than the configured limit', async () => {
    const relay = relayForTest({ maxMessageLength: 20 });
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'messages', { clientMessageId: 'long', text: 'x'.repeat(21) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad_request', message: 'text: must be at most 20 characters' },
    });
    expect(await relay.conversations.store.readEvents(conversation.conversationId, 0)).toEqual([]);
  });

  it('refuses a message of only zero-width characters like an empty one, and stores nothing', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const response = await postTo(relay, conversation, 'messages', {
      clientMessageId: 'invisible',
      text: '\u200B\u200C\u200D\u2060\uFEFF',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message: 'text: must not be empty' } });
    await relay.conversations.idle();
    expect(await relay.conversations.store.readEvents(conversation.conversationId, 0)).toEqual([]);
  });

  it('is not answered by the assistant while a person is asked for', async () => {
    const relay = relayWithAgentPage();
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'handoff', {});
    await postTo(relay, conversation, 'messages', { clientMessageId: 'w', text: 'How do I return an item?' });
    await relay.conversations.idle();
    const roles = (await relay.conversations.store.readEvents(conversation.conversationId, 0)).flatMap((event) =>
      event.type === 'message' ? [event.message.role] : [],
    );
    expect(roles).toEqual(['visitor']);
  });
});

describe('POST /v1/conversations/:id/messages on the SQLite store (checked and stored in one transaction)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tandem-messages-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const sqliteRelay = (overrides: Parameters<typeof relayForTest>[0] = {}, create = relayForTest) => {
    const store = createSqliteStore({ path: join(directory, `${crypto.randomUUID()}.db`) });
    return { relay: create({ store, ...overrides }), store };
  };
  const rolesOf = async (relay: ReturnType<typeof relayForTest>, conversationId: string) =>
    (await relay.conversations.store.readEvents(conversationId, 0)).flatMap((event) =>
      event.type === 'message' ? [event.message.role] : [],
    );

  it('stores a message once and answers it, however often and however fast the widget retries', async () => {
    const { relay, store } = sqliteRelay();
    expect(relay.conversations.acceptsVisitorMessagesAtOnce).toBe(true);
    const conversation = await startConversation(relay);
    const body = { clientMessageId: 'retried', text: 'How long do I have to return an item?' };
    const [first, second] = await Promise.all([
      postTo(relay, conversation, 'messages', body),
      postTo(relay, conversation, 'messages', body),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 202]);
    await relay.conversations.idle();
    const retry = await postTo(relay, conversation, 'messages', body);
    expect(retry.status).toBe(200);
    const [firstBody, secondBody, retryBody] = await Promise.all([first.json(), second.json(), retry.json()]);
    expect(firstBody.message).toEqual(secondBody.message);
    expect(retryBody).toEqual({ message: firstBody.message, duplicate: true });
    expect(await rolesOf(relay, conversation.conversationId)).toEqual(['visitor', 'assistant']);
    expect(relay.metrics.messages.value({ role: 'visitor' })).toBe(1);
    expect((await store.getConversation(conversation.conversationId))?.awaitingAnswer).toBeUndefined();
    await store.close?.();
  });

  it("counts messages against the conversation's one limit, with the other routes, and refuses with Retry-After", async () => {
    const { relay, store } = sqliteRelay({ conversationRateLimit: { limit: 2, windowSeconds: 60 } });
    const conversation = await startConversation(relay);
    const send = (clientMessageId: string) =>
      postTo(relay, conversation, 'messages', { clientMessageId, text: 'How long do I have to return an item?' });
    expect((await send('one')).status).toBe(202);
    await relay.conversations.idle();
    expect((await send('one')).status).toBe(200);
    const refused = await send('two');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another route of the same conversation finds the window used up by the messages.
    const contact = await postTo(relay, conversation, 'contact', { email: 'ana@example.com', message: 'Lost parcel' });
    expect(contact.status).toBe(429);
    await relay.conversations.idle();
    expect(await rolesOf(relay, conversation.conversationId)).toEqual(['visitor', 'assistant']);
    await store.close?.();
  });

  it('refuses a conversation past its cap on events with 409, storing nothing', async () => {
    const { relay, store } = sqliteRelay({ maxEventsPerConversation: 10 });
    const conversation = await startConversation(relay);
    const send = (clientMessageId: string) =>
      postTo(relay, conversation, 'messages', { clientMessageId, text: 'How long do I have to return an item?' });
    // Each answered question adds a handful of events; within ten questions the log passes its cap of ten.
    const statuses: number[] = [];
    for (let index = 0; index < 10 && !statuses.includes(409); index++) {
      const before = await relay.conversations.store.readEvents(conversation.conversationId, 0);
      const response = await send(`question-${index}`);
      statuses.push(response.status);
      await relay.conversations.idle();
      if (response.status === 409) {
        expect(await response.json()).toMatchObject({ error: { code: 'conflict' } });
        expect(before.at(-1)?.id).toBeGreaterThan(10);
        expect(await relay.conversations.store.readEvents(conversation.conversationId, 0)).toEqual(before);
      }
    }
    expect(statuses.at(-1)).toBe(409);
    expect(statuses.slice(0, -1).every((status) => status === 202)).toBe(true);
    await store.close?.();
  });

  it('takes a message to a person the usual way, and a retry of it later is still the same message', async () => {
    const { relay, store } = sqliteRelay({}, relayWithAgentPage);
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'handoff', {});
    const body = { clientMessageId: 'to-a-person', text: 'How do I return an item?' };
    expect((await postTo(relay, conversation, 'messages', body)).status).toBe(202);
    await relay.conversations.idle();
    // Back with the assistant (the person handed back), the widget's late retry must not be stored again.
    await relay.conversations.handBack(conversation.conversationId);
    const retry = await postTo(relay, conversation, 'messages', body);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ duplicate: true });
    await relay.conversations.idle();
    expect(await rolesOf(relay, conversation.conversationId)).toEqual(['visitor']);
    await store.close?.();
  });
});
