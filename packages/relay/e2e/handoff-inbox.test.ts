import type { HandoffAdapter } from '@tandem/handoff';
import type { ConversationEvent } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createRelay, type Relay } from '../src/app.ts';
import { createOfflineAssistant } from '../src/assistant/offline.ts';
import { createInboxHandoff } from '../src/handoff/inbox/inbox-adapter.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import type { ConversationStore } from '../src/store/store.ts';
import { askForPerson, eventsOf, sendMessage, startConversation } from './handoff-setup.ts';

const INBOX_TOKEN = 'inbox-token-0123456789abcdefghijkl';

function relayWithInbox(
  access: { inboxToken?: string; development?: boolean; publicUrl?: string },
  store?: ConversationStore,
  adapters: HandoffAdapter[] = [createInboxHandoff()],
): Relay {
  return createRelay({
    ...(store ? { store } : {}),
    secret: 'inbox-test-secret-0123456789abcdefghij',
    loadShedding: false,
    assistant: createOfflineAssistant({
      knowledge: [{ id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' }],
    }),
    allowedOrigins: ['https://shop.example'],
    logger: createLogger({ level: 'error', write: () => {} }),
    handoff: { adapters, ...access },
  });
}

/** `token: null` sends no Authorization header. */
function agentApi(relay: Relay, path: string, body?: unknown, token: string | null = INBOX_TOKEN) {
  return relay.request(`/v1/agent/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const agent = { name: 'Grace' };

describe('the local inbox and its agent page', () => {
  it('is not served at all without a token outside development', async () => {
    const relay = relayWithInbox({});
    expect((await relay.request('/agent')).status).toBe(404);
    expect((await relay.request('/console')).status).toBe(404);
    expect((await relay.request('/console/console.js')).status).toBe(404);
    expect((await relay.request('/v1/console/conversations')).status).toBe(404);
    expect((await agentApi(relay, 'conversations', undefined, null)).status).toBe(404);
  });

  it('refuses the API without the right token, and changes nothing', async () => {
    const relay = relayWithInbox({ inboxToken: INBOX_TOKEN });
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    const ticketId = (await relay.handoff?.ticketOf(conversation.conversationId))?.ticket.id ?? '';
    const before = await eventsOf(relay, conversation.conversationId);

    for (const token of [null, 'inbox-token-0123456789abcdefghijkX', '']) {
      expect((await agentApi(relay, 'conversations', undefined, token)).status).toBe(401);
      const reply = await agentApi(
        relay,
        `conversations/${ticketId}/reply`,
        { actionId: crypto.randomUUID(), agent, text: 'Forged reply' },
        token,
      );
      expect(reply.status).toBe(401);
      expect(((await reply.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect(await eventsOf(relay, conversation.conversationId)).toEqual(before);
  });

  it('serves the console as a page of its own with separate script and styles under a strict Content-Security-Policy', async () => {
    const relay = relayWithInbox({ inboxToken: INBOX_TOKEN });
    // The old agent page's address (and every context packet's link) leads to the console, fragment and all.
    const old = await relay.request('/agent');
    expect(old.status).toBe(302);
    expect(old.headers.get('location')).toBe('console');
    const page = await relay.request('/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="console/console.js" defer></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/);
    const script = await relay.request('/console/console.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("fetch('v1/' + path");
  });

  it('lets a person take over, reply, see later visitor messages and close, each action applied once', async () => {
    const relay = relayWithInbox({ inboxToken: INBOX_TOKEN, publicUrl: 'https://support.shop.example/' });
    const conversation = await startConversation(relay, {
      locale: 'en',
      pageUrl: 'https://shop.example/checkout',
      identity: { userId: 'u_42', name: 'Ada Lovelace', email: 'ada@example.com' },
    });
    await sendMessage(relay, conversation, 'Thanks, great shop! How long do I have to return an item?');
    await askForPerson(relay, conversation, 'Please refund the second charge');

    const list = (await (await agentApi(relay, 'conversations')).json()) as {
      conversations: { ticketId: string; conversationId: string; priority: string; customer: string; mode: string }[];
    };
    expect(list.conversations).toHaveLength(1);
    const [item] = list.conversations;
    expect(item).toMatchObject({
      conversationId: conversation.conversationId,
      priority: 'normal',
      customer: 'Ada Lovelace',
      mode: 'waiting',
    });
    const ticketId = item?.ticketId ?? '';

    const detail = (await (await agentApi(relay, `conversations/${ticketId}`)).json()) as {
      context: {
        summary: string;
        pageUrl: string;
        identityVerified: boolean;
        sentimentTrajectory: number[];
        conversationUrl: string;
        suggestedReply?: string;
      };
      messages: { role: string; text: string }[];
      lastEventId: number;
    };
    expect(detail.context.summary).toContain('How long do I have to return an item');
    expect(detail.context.summary).toContain('Please refund the second charge');
    expect(detail.context.pageUrl).toBe('https://shop.example/checkout');
    // The draft for the agent answers what is still open; it does not repeat the return window the customer has read.
    expect(detail.context.suggestedReply).not.toContain('30 days');
    expect(detail.context.suggestedReply).toContain("I'm looking into this now");
    expect(detail.context.conversationUrl).toBe(
      `https://support.shop.example/agent#conversation=${conversation.conversationId}`,
    );
    expect(detail.context.identityVerified).toBe(false);
    expect(detail.context.sentimentTrajectory).toHaveLength(1);
    expect(detail.context.sentimentTrajectory[0]).toBeGreaterThan(0);
    expect(detail.messages.map((message) => message.role)).toEqual(['visitor', 'assistant']);

    const join = { actionId: crypto.randomUUID(), agent };
    expect(await (await agentApi(relay, `conversations/${ticketId}/join`, join)).json()).toEqual({
      outcome: 'applied',
    });
    const reply = { actionId: crypto.randomUUID(), agent, text: 'I have refunded the second charge.' };
    expect(await (await agentApi(relay, `conversations/${ticketId}/reply`, reply)).json()).toEqual({
      outcome: 'applied',
    });
    // A double click or a retried request sends the same action id.
    expect(await (await agentApi(relay, `conversations/${ticketId}/reply`, reply)).json()).toEqual({
      outcome: 'duplicate',
    });

    await sendMessage(relay, conversation, 'Thank you so much!');
    expect(relay.handoff?.adapter('inbox')).toBeDefined();
    const later = (await (await agentApi(relay, `conversations/${ticketId}?after=${detail.lastEventId}`)).json()) as {
      messages: { role: string; text: string; author?: { name: string } }[];
    };
    expect(later.messages.map((message) => [message.role, message.text])).toEqual([
      ['agent', 'I have refunded the second charge.'],
      ['visitor', 'Thank you so much!'],
    ]);

    const close = { actionId: crypto.randomUUID(), agent };
    expect(await (await agentApi(relay, `conversations/${ticketId}/close`, close)).json()).toEqual({
      outcome: 'applied',
    });
    await relay.conversations.idle();

    const events = await eventsOf(relay, conversation.conversationId);
    const modes = events.flatMap((event) => (event.type === 'mode' ? [event.mode] : []));
    expect(modes).toEqual(['waiting', 'human', 'closed']);
    const agentMessages = events.filter(
      (event): event is Extract<ConversationEvent, { type: 'message' }> =>
        event.type === 'message' && event.message.role === 'agent',
    );
    expect(agentMessages.map((event) => event.message.author?.name)).toEqual(['Grace']);
    const finalList = (await (await agentApi(relay, 'conversations')).json()) as {
      conversations: { status: string; mode: string }[];
    };
    expect(finalList.conversations[0]).toMatchObject({ status: 'closed', mode: 'closed' });
  });

  it('never drops an open handoff when full: it refuses, the visitor is told, and closed ones make room', async () => {
    const relay = relayWithInbox({ inboxToken: INBOX_TOKEN }, undefined, [createInboxHandoff({ capacity: 2 })]);
    const conversations = [];
    for (let index = 0; index < 3; index++) {
      const conversation = await startConversation(relay);
      await askForPerson(relay, conversation);
      conversations.push(conversation);
    }
    const [first, second, third] = conversations.map((conversation) => conversation.conversationId);
    const listed = async () =>
      (
        (await (await agentApi(relay, 'conversations')).json()) as {
          conversations: { ticketId: string; conversationId: string; status: string }[];
        }
      ).conversations;
    expect((await listed()).map((item) => item.conversationId)).toEqual([second, first]);
    const modesOf = async (conversationId: string) =>
      (await eventsOf(relay, conversationId)).flatMap((event) => (event.type === 'mode' ? [event.mode] : []));
    // Back to the assistant, with the honest "nobody is available" notice the widget turns into a contact form.
    expect(await modesOf(third ?? '')).toEqual(['waiting', 'assistant']);
    const notices = (await eventsOf(relay, third ?? '')).flatMap((event) =>
      event.type === 'handoff' ? [event.status] : [],
    );
    expect(notices).toContain('unavailable');
    expect(await relay.handoff?.ticketOf(third ?? '')).toBeUndefined();

    const firstTicket = (await listed()).find((item) => item.conversationId === first)?.ticketId ?? '';
    const close = { actionId: crypto.randomUUID(), agent };
    expect((await agentApi(relay, `conversations/${firstTicket}/close`, close)).status).toBe(200);
    await relay.handoff?.retryPendingHandoffs();
    await relay.conversations.idle();

    expect((await listed()).map((item) => [item.conversationId, item.status])).toEqual([
      [third, 'open'],
      [second, 'open'],
    ]);
    expect((await relay.handoff?.ticketOf(third ?? ''))?.ticket.adapter).toBe('inbox');
  });

  it('fails over to the next adapter of the chain when the inbox is full of open conversations', async () => {
    const relay = relayWithInbox({ inboxToken: INBOX_TOKEN }, undefined, [
      createInboxHandoff({ capacity: 1 }),
      createInboxHandoff({ name: 'overflow' }),
    ]);
    const first = await startConversation(relay);
    await askForPerson(relay, first);
    const second = await startConversation(relay);
    await askForPerson(relay, second);
    expect((await relay.handoff?.ticketOf(first.conversationId))?.ticket.adapter).toBe('inbox');
    expect((await relay.handoff?.ticketOf(second.conversationId))?.ticket.adapter).toBe('overflow');
    const modes = (await eventsOf(relay, second.conversationId)).flatMap((event) =>
      event.type === 'mode' ? [event.mode] : [],
    );
    expect(modes).toEqual(['waiting']);
  });

  it('keeps the inbox in the relay store, so any instance serves the agent page for any handoff', async () => {
    const store = createMemoryStore();
    const first = relayWithInbox({ inboxToken: INBOX_TOKEN }, store);
    const second = relayWithInbox({ inboxToken: INBOX_TOKEN }, store);
    const conversation = await startConversation(first);
    await askForPerson(first, conversation);

    const listed = (await (await agentApi(second, 'conversations')).json()) as {
      conversations: { ticketId: string; conversationId: string }[];
    };
    expect(listed.conversations.map((item) => item.conversationId)).toEqual([conversation.conversationId]);
    const ticketId = listed.conversations[0]?.ticketId ?? '';
    const reply = { actionId: crypto.randomUUID(), agent, text: 'Answered from the other instance.' };
    expect(await (await agentApi(second, `conversations/${ticketId}/reply`, reply)).json()).toEqual({
      outcome: 'applied',
    });
    const events = await eventsOf(first, conversation.conversationId);
    expect(events.some((event) => event.type === 'message' && event.message.text === reply.text)).toBe(true);
  });

  it('refuses bad actions with a clear 400 and an unknown ticket with 404', async () => {
    const relay = relayWithInbox({ development: true });
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    const ticketId = (await relay.handoff?.ticketOf(conversation.conversationId))?.ticket.id ?? '';
    const before = await eventsOf(relay, conversation.conversationId);

    const empty = await agentApi(
      relay,
      `conversations/${ticketId}/reply`,
      { actionId: crypto.randomUUID(), agent, text: '  ' },
      undefined,
    );
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toContain('text');
    const nameless = await agentApi(
      relay,
      `conversations/${ticketId}/join`,
      { actionId: crypto.randomUUID(), agent: { name: '' } },
      undefined,
    );
    expect(nameless.status).toBe(400);
    for (const avatarUrl of ['javascript:alert(1)', 'data:image/svg+xml,<svg/>', 'vbscript:msgbox(1)']) {
      const scripted = await agentApi(
        relay,
        `conversations/${ticketId}/join`,
        { actionId: crypto.randomUUID(), agent: { name: 'Grace', avatarUrl } },
        undefined,
      );
      expect(scripted.status, avatarUrl).toBe(400);
    }
    const unknown = await agentApi(
      relay,
      'conversations/no-such-ticket/join',
      { actionId: crypto.randomUUID(), agent },
      undefined,
    );
    expect(unknown.status).toBe(404);
    expect(await eventsOf(relay, conversation.conversationId)).toEqual(before);
  });
});
