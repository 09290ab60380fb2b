import type { ConversationEvent } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RELAY_URL, relayForTests, until } from '../../test/relay-for-tests.ts';
import type { ChatState } from './chat-state.ts';
import { ChatController, type ChatControllerOptions } from './controller.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';
import type { WidgetStorage } from './storage/storage.ts';

const controllers: ChatController[] = [];

afterEach(() => {
  for (const controller of controllers.splice(0)) controller.destroy();
});

function start(options: Partial<ChatControllerOptions> & { fetch: typeof fetch; storage: WidgetStorage }) {
  const controller = new ChatController({
    relayUrl: RELAY_URL,
    siteId: 'shop',
    channel: null,
    locks: null,
    retryDelayMs: 20,
    ...options,
  });
  controllers.push(controller);
  return controller;
}

function answered(state: ChatState, count: number): boolean {
  return state.messages.filter((m) => m.role === 'assistant' && m.status === 'complete').length === count;
}

function visitorMessagesStored(events: ConversationEvent[]) {
  return events.flatMap((event) =>
    event.type === 'message' && event.message.role === 'visitor' ? [event.message.text] : [],
  );
}

describe('the chat controller against a real relay', () => {
  it('shows a message at once, then the relay copy and the streamed answer', async () => {
    const { fetch } = relayForTests();
    const controller = start({ fetch, storage: createMemoryStorage() });
    await controller.ready;
    expect(controller.getState().ready).toBe(true);

    await controller.send('  How long do I have to return an item?  ');
    expect(controller.getState().messages).toMatchObject([
      { role: 'visitor', text: 'How long do I have to return an item?' },
    ]);
    await until(() => answered(controller.getState(), 1));
    const [visitor, assistant] = controller.getState().messages;
    expect(visitor).toMatchObject({ role: 'visitor', status: 'sent' });
    expect(assistant?.text).toContain('30 days from delivery');
    expect(controller.getState().connection).toBe('open');
  });

  it('keeps the transcript across a reload and resumes the stream after the last event seen', async () => {
    const { fetch, network } = relayForTests();
    const storage = createMemoryStorage();
    const first = start({ fetch, storage });
    await first.send('How long do I have to return an item?');
    await until(() => answered(first.getState(), 1));
    const conversationId = first.conversationId;
    first.destroy();

    network.requests.length = 0;
    const reloaded = start({ fetch, storage });
    await reloaded.ready;
    expect(reloaded.conversationId).toBe(conversationId);
    expect(reloaded.getState().messages.map((m) => m.text)).toEqual(first.getState().messages.map((m) => m.text));
    // No new conversation is created on reload.
    expect(network.requests.filter((r) => r.method === 'POST')).toEqual([]);

    await reloaded.send('And how long does shipping take?');
    await until(() => answered(reloaded.getState(), 2));
    const ids = reloaded.getState().messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(reloaded.getState().messages).toHaveLength(4);
  });

  it('keeps messages typed while the relay is down and sends each exactly once when it returns', async () => {
    const { fetch, network, events } = relayForTests();
    const controller = start({ fetch, storage: createMemoryStorage() });
    await controller.send('How long do I have to return an item?');
    await until(() => answered(controller.getState(), 1));

    network.down = true;
    await controller.send('First while down');
    await controller.send('Second while down');
    // Several failed attempts go by while the relay is away.
    await until(() => network.requests.filter((r) => r.path.endsWith('/messages')).length >= 4);
    expect(controller.getState().messages.slice(-2)).toMatchObject([
      { text: 'First while down', status: 'sending' },
      { text: 'Second while down', status: 'sending' },
    ]);

    network.down = false;
    await until(() => controller.getState().messages.every((m) => m.status !== 'sending'));
    const stored = visitorMessagesStored(await events(controller.conversationId ?? ''));
    expect(stored).toEqual(['How long do I have to return an item?', 'First while down', 'Second while down']);
  });

  it('sends what a previous page left in the outbox, even before any conversation existed', async () => {
    const { fetch, network, events } = relayForTests();
    const storage = createMemoryStorage();
    network.down = true;
    const offline = start({ fetch, storage });
    await offline.send('Written offline');
    offline.destroy();

    network.down = false;
    const next = start({ fetch, storage });
    await until(() => next.getState().messages.some((m) => m.text === 'Written offline' && m.status === 'sent'));
    expect(visitorMessagesStored(await events(next.conversationId ?? ''))).toEqual(['Written offline']);
  });

  it('marks a message the relay refuses as failed, and retries it under the same clientMessageId', async () => {
    const { fetch, events } = relayForTests();
    const controller = start({ fetch, storage: createMemoryStorage() });
    await controller.send('x'.repeat(20_000));
    await until(() => controller.getState().messages[0]?.status === 'failed');
    const failed = controller.getState().messages[0];
    expect(failed?.clientMessageId).toBeDefined();
    await controller.send('Hello');
    await until(() => controller.getState().messages.some((m) => m.text === 'Hello' && m.status === 'sent'));
    expect(visitorMessagesStored(await events(controller.conversationId ?? ''))).toEqual(['Hello']);
  });

  it('counts unread answers while the panel is closed and clears them when it opens', async () => {
    const { fetch } = relayForTests();
    const controller = start({ fetch, storage: createMemoryStorage() });
    await controller.send('How long do I have to return an item?');
    await until(() => answered(controller.getState(), 1));
    expect(controller.getState().unreadCount).toBe(1);
    controller.open();
    expect(controller.getState()).toMatchObject({ open: true, unreadCount: 0 });
    controller.toggle();
    expect(controller.getState().open).toBe(false);
  });

  it('shutdown forgets the conversation and deletes everything stored', async () => {
    const { fetch } = relayForTests();
    const storage = createMemoryStorage();
    const controller = start({ fetch, storage });
    await controller.send('How long do I have to return an item?');
    await until(() => answered(controller.getState(), 1));
    await controller.shutdown();
    expect(controller.getState().messages).toEqual([]);
    const fresh = start({ fetch, storage });
    await fresh.ready;
    expect(fresh.conversationId).toBeUndefined();
    expect(fresh.getState().messages).toEqual([]);
  });
});

describe('the session token', () => {
  it('is renewed before it expires and stored, and the conversation carries on with the new one', async () => {
    const { fetch, network } = relayForTests({ tokenTtlSeconds: 60 });
    const storage = createMemoryStorage();
    const controller = start({ fetch, storage });
    await controller.send('How long do I have to return an item?');
    await until(() => answered(controller.getState(), 1));
    const first = await storage.get<{ token: string }>('session');
    // With a 60 s lifetime the refresh is due at once (never later than five minutes before expiry).
    await until(() => network.requests.some((r) => r.path.endsWith('/token')), 4000);
    await until(
      () => storageToken !== first?.token,
      4000,
      async () => {
        storageToken = (await storage.get<{ token: string }>('session'))?.token;
      },
    );
    await controller.send('And how long does shipping take?');
    await until(() => answered(controller.getState(), 2));
  });
});

let storageToken: string | undefined;

describe('the human path through the controller', () => {
  it('asks for a person, shows the agent who joins and their reply, and asks for a rating when closed', async () => {
    const { fetch, relay } = relayForTests();
    const controller = start({ fetch, storage: createMemoryStorage() });
    await controller.requestHandoff('Order 1234 arrived broken');
    await until(() => controller.getState().mode === 'waiting');
    expect(controller.getState().handoff.status).toBe('requested');

    const conversationId = controller.conversationId ?? '';
    const agent = { name: 'Maja' };
    await relay.conversations.appendAgentMessage(conversationId, {
      author: agent,
      text: 'Hi, Maja here.',
      externalId: 'e1',
    });
    await until(() => controller.getState().messages.some((m) => m.role === 'agent'));
    expect(controller.getState()).toMatchObject({ mode: 'human', handoff: { status: 'connected', agent } });
    expect(controller.getState().messages.at(-1)).toMatchObject({
      role: 'agent',
      author: agent,
      text: 'Hi, Maja here.',
    });

    await relay.conversations.closeConversation(conversationId, 'agent');
    await until(() => controller.getState().mode === 'closed');
    expect(controller.getState().rating).toBe('requested');
    await controller.rate(5, 'Quick and kind');
    expect(controller.getState().rating).toBe('sent');
    expect((await relay.conversations.store.getConversation(conversationId))?.rating).toMatchObject({ score: 5 });
  });

  it('leaves an address for a reply (saved, not promised a reply, with no helpdesk), and shows a refused one as failed without keeping it', async () => {
    const { fetch, relay } = relayForTests();
    const controller = start({ fetch, storage: createMemoryStorage() });
    await controller.sendContact('not an address');
    expect(controller.getState().contact).toBe('failed');
    const conversationId = controller.conversationId ?? '';
    expect((await relay.conversations.store.getConversation(conversationId))?.contact).toBeUndefined();

    await controller.sendContact('ana@example.com', 'Please call me back');
    expect(controller.getState().contact).toBe('saved');
    expect((await relay.conversations.store.getConversation(conversationId))?.contact).toMatchObject({
      email: 'ana@example.com',
      message: 'Please call me back',
    });
  });
});
