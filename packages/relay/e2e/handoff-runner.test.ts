import { createHmac } from 'node:crypto';
import { startFakeZendesk } from '@tandem/handoff/test';
import { createZendeskHandoff } from '@tandem/handoff/zendesk';
import type { ConversationEvent } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createInboxHandoff } from '../src/handoff/inbox/inbox-adapter.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import {
  AGENT,
  askForPerson,
  createHarnessRelay,
  deliver,
  eventsOf,
  type HandoffHarness,
  SLACK_CHANNEL,
  sendMessage,
  startConversation,
  startHandoffHarness,
} from './handoff-setup.ts';

const ZENDESK_AUTH = { email: 'support@shop.example', apiToken: 'zendesk-api-token' };

let harness: HandoffHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const handoffStatuses = (events: ConversationEvent[]) =>
  events.flatMap((event) => (event.type === 'handoff' ? [event.status] : []));
const modes = (events: ConversationEvent[]) => events.flatMap((event) => (event.type === 'mode' ? [event.mode] : []));
const agentMessages = (events: ConversationEvent[]) =>
  events.flatMap((event) => (event.type === 'message' && event.message.role === 'agent' ? [event.message] : []));

describe('handing a conversation to Slack', () => {
  it('posts the whole context packet once, and forwards later visitor messages into its thread', async () => {
    harness = await startHandoffHarness();
    const { relay, slack } = harness;
    const conversation = await startConversation(relay);
    await sendMessage(relay, conversation, 'How long do I have to return an item from order #4411?');
    expect((await askForPerson(relay, conversation, 'I want a refund')).status).toBe(202);

    const [parent] = slack.parents(SLACK_CHANNEL);
    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
    const posted = JSON.stringify(parent?.blocks);
    expect(posted).toContain('How long do I have to return an item from order #4411?');
    expect(posted).toContain('I want a refund');
    expect(posted).toContain('visitor_request');
    expect(posted).toContain('https://shop.example/orders/4411');

    const ticket = await relay.handoff?.ticketOf(conversation.conversationId);
    expect(ticket?.ticket).toMatchObject({ adapter: 'slack', id: `${SLACK_CHANNEL}:${parent?.ts}` });

    await sendMessage(relay, conversation, 'Hello? Anyone there?');
    const thread = slack.thread(SLACK_CHANNEL, parent?.ts ?? '');
    expect(thread.map((message) => message.text).join('\n')).toContain('Hello? Anyone there?');
    // The assistant stays quiet while a person is asked for.
    const events = await eventsOf(relay, conversation.conversationId);
    expect(events.filter((event) => event.type === 'message' && event.message.role === 'assistant')).toHaveLength(1);
  });

  it('hands an upset visitor to Slack by the escalation policy alone, with the falling sentiment in the packet', async () => {
    harness = await startHandoffHarness();
    const { relay, slack } = harness;
    const conversation = await startConversation(relay);
    await sendMessage(relay, conversation, 'How long do I have to return an item?');
    await sendMessage(
      relay,
      conversation,
      'This is the THIRD time I am asking!!! Nobody helps. I want a refund NOW!!!',
    );

    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
    const events = await eventsOf(relay, conversation.conversationId);
    const requested = events.find((event) => event.type === 'handoff' && event.status === 'requested');
    expect(requested?.type === 'handoff' ? requested.reasons : []).toContain('negative_sentiment');
    const posted = JSON.stringify(slack.parents(SLACK_CHANNEL)[0]?.blocks);
    expect(posted).toContain('I want a refund NOW!!!');
    expect(posted).toContain('negative_sentiment');
    // The packet's trajectory falls from the calm question to the angry one.
    expect(posted).toMatch(/-?\d+(\.\d+)? → -0\.\d+ \(worsening\)/);
  });

  it('keeps visitor messages Slack would not take and sends them on the next pass, once and in order', async () => {
    harness = await startHandoffHarness();
    const { relay, slack } = harness;
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    const threadTs = slack.parents(SLACK_CHANNEL)[0]?.ts ?? '';
    const threadTexts = () => slack.thread(SLACK_CHANNEL, threadTs).map((message) => message.text);

    slack.failNext('chat.postMessage', ...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503 })));
    await sendMessage(relay, conversation, 'First: my order number is 4411.');
    await sendMessage(relay, conversation, 'Second: it was a gift.');
    expect(threadTexts().some((text) => text.includes('First:'))).toBe(false);
    expect(await relay.handoff?.records.outboxOf(conversation.conversationId)).toHaveLength(2);

    await relay.handoff?.retryPendingHandoffs();
    const forwarded = threadTexts().filter((text) => text.includes('First:') || text.includes('Second:'));
    expect(forwarded).toHaveLength(2);
    expect(forwarded[0]).toContain('First: my order number is 4411.');
    expect(forwarded[1]).toContain('Second: it was a gift.');
    expect(await relay.handoff?.records.outboxIds()).toEqual([]);
  });

  it('forwards visitor messages sent at the same moment, each exactly once', async () => {
    harness = await startHandoffHarness();
    const { relay, slack } = harness;
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    const threadTs = slack.parents(SLACK_CHANNEL)[0]?.ts ?? '';
    const texts = Array.from({ length: 5 }, (_, index) => `Detail number ${index + 1}.`);
    await Promise.all(
      texts.map((text) =>
        relay.request(`/v1/conversations/${conversation.conversationId}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
          body: JSON.stringify({ clientMessageId: crypto.randomUUID(), text }),
        }),
      ),
    );
    await relay.conversations.idle();
    const thread = slack.thread(SLACK_CHANNEL, threadTs).map((message) => message.text);
    for (const text of texts) expect(thread.filter((posted) => posted.includes(text))).toHaveLength(1);
  });

  it('still hands off when the summary cannot be written, with the customer’s own words as the summary', async () => {
    harness = await startHandoffHarness({
      handoff: {
        summarize: async () => {
          throw new Error('the model is overloaded');
        },
      },
    });
    const { relay, slack, logs } = harness;
    const conversation = await startConversation(relay);
    await sendMessage(relay, conversation, 'How long do I have to return an item from order 5150?');
    await askForPerson(relay, conversation);

    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(slack.parents(SLACK_CHANNEL)[0]?.blocks)).toContain('order 5150');
    expect(logs.some((line) => String(line.message).startsWith('handoff summary failed'))).toBe(true);
  });

  it('never opens two tickets when Slack took the post but the answer was lost', async () => {
    harness = await startHandoffHarness();
    const { relay, slack } = harness;
    slack.failNext('chat.postMessage', { kind: 'lose-response' });
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);

    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
    const record = await relay.handoff?.ticketOf(conversation.conversationId);
    expect(record?.ticket.id).toBe(`${SLACK_CHANNEL}:${slack.parents(SLACK_CHANNEL)[0]?.ts}`);

    // The same handoff run again (a duplicate hook, another instance) returns the stored ticket.
    const current = await relay.conversations.store.getConversation(conversation.conversationId);
    if (!current || !relay.handoff) throw new Error('missing conversation or runner');
    const again = await relay.handoff.handoff(current, {
      reasons: ['visitor_request'],
      priority: 'normal',
      source: 'visitor',
    });
    expect(again.ticket?.id).toBe(record?.ticket.id);
    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
  });

  it('waits before retrying when Slack answers 429 with Retry-After, then posts', async () => {
    harness = await startHandoffHarness({ handoff: { retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 300 } } });
    const { relay, slack } = harness;
    slack.failNext('conversations.history', { kind: 'rate-limit', retryAfterSeconds: 1 });
    const conversation = await startConversation(relay);
    const started = performance.now();
    await askForPerson(relay, conversation);
    const waited = performance.now() - started;

    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
    // Retry-After said 1 s and the runner did wait; the cap of 300 ms is proven in retry.test.ts.
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(slack.calls.filter((call) => call.method === 'conversations.history')).toHaveLength(2);
  });
});

describe('failover and keeping a handoff nobody took', () => {
  it('fails over to the next adapter when the first keeps answering 5xx', async () => {
    const inbox = createInboxHandoff();
    harness = await startHandoffHarness({ extraAdapters: [inbox] });
    const { relay, slack } = harness;
    slack.failNext(
      'conversations.history',
      ...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503 })),
    );
    const conversation = await startConversation(relay);
    await sendMessage(relay, conversation, 'Can I return an item from order 7731?');
    await askForPerson(relay, conversation);

    // Three tries at Slack (the configured attempts), then the inbox took it.
    expect(slack.calls.filter((call) => call.method === 'conversations.history')).toHaveLength(3);
    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(0);
    const record = await relay.handoff?.ticketOf(conversation.conversationId);
    expect(record?.ticket.adapter).toBe('inbox');
    expect((await inbox.list()).map((entry) => entry.context.conversationId)).toEqual([conversation.conversationId]);
    expect((await inbox.list())[0]?.context.transcript.map((message) => message.text)).toContain(
      'Can I return an item from order 7731?',
    );
    const events = await eventsOf(relay, conversation.conversationId);
    expect(handoffStatuses(events)).toEqual(['requested']);
    expect(relay.metrics.registry.render()).toContain('tandem_handoff_failovers_total{adapter="slack"} 1');
  });

  it('does not retry an answer a retry cannot change (invalid_auth), and fails over at once', async () => {
    const inbox = createInboxHandoff();
    harness = await startHandoffHarness({ extraAdapters: [inbox] });
    const { relay, slack } = harness;
    slack.failNext('conversations.history', { kind: 'error', error: 'invalid_auth' });
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);

    expect(slack.calls.filter((call) => call.method === 'conversations.history')).toHaveLength(1);
    expect((await relay.handoff?.ticketOf(conversation.conversationId))?.ticket.adapter).toBe('inbox');
  });

  it('tells the visitor honestly when every adapter is down, keeps the handoff, and delivers it on retry', async () => {
    // Zendesk's address refuses connections; Slack answers 502 three times (every attempt of the first handoff).
    const zendesk = await startFakeZendesk({ auth: ZENDESK_AUTH, webhookSecret: 'zendesk-webhook-secret' });
    await zendesk.close();
    harness = await startHandoffHarness({
      extraAdapters: [
        createZendeskHandoff({ baseURL: zendesk.url, auth: ZENDESK_AUTH, webhookSecret: 'zendesk-webhook-secret' }),
      ],
    });
    const { relay, slack } = harness;
    slack.failNext(
      'conversations.history',
      ...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 502 })),
    );
    const conversation = await startConversation(relay);
    await sendMessage(relay, conversation, 'How long do I have to return an item I bought today?');
    await askForPerson(relay, conversation);

    const events = await eventsOf(relay, conversation.conversationId);
    expect(handoffStatuses(events)).toEqual(['requested', 'unavailable']);
    expect(modes(events)).toEqual(['waiting', 'assistant']);
    expect(slack.parents()).toHaveLength(0);
    expect(await relay.handoff?.records.pendingIds()).toEqual([conversation.conversationId]);
    const metrics = relay.metrics.registry.render();
    expect(metrics).toContain('tandem_handoff_pending 1');
    expect(metrics).toContain('tandem_handoff_failovers_total{adapter="slack"} 1');
    expect(metrics).toContain('tandem_handoff_failovers_total{adapter="zendesk"} 1');

    // The widget's email form: the visitor leaves an address.
    const contact = await relay.request(`/v1/conversations/${conversation.conversationId}/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
      body: JSON.stringify({ email: 'ada@example.com' }),
    });
    expect(contact.status).toBeLessThan(300);

    // Slack is back.
    const result = await relay.handoff?.retryPendingHandoffs();
    expect(result).toEqual({ attempted: 1, opened: 1, pending: 0 });
    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
    const posted = JSON.stringify(slack.parents(SLACK_CHANNEL)[0]?.blocks);
    expect(posted).toContain('How long do I have to return an item I bought today?');
    expect(posted).toContain('ada@example.com');
    expect(await relay.handoff?.records.pendingIds()).toEqual([]);

    // A second pass finds nothing left, and never posts twice.
    expect(await relay.handoff?.retryPendingHandoffs()).toEqual({ attempted: 0, opened: 0, pending: 0 });
    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
  });

  it('retries kept handoffs in the background until one gets through', async () => {
    harness = await startHandoffHarness({ handoff: { pending: { retryIntervalMs: 20, maxRetries: 10 } } });
    const { relay, slack } = harness;
    // Open, then the first background pass, fail; the second pass gets through.
    slack.failNext(
      'conversations.history',
      ...Array.from({ length: 6 }, () => ({ kind: 'status' as const, status: 500 })),
    );
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    expect(await relay.handoff?.records.pendingIds()).toEqual([conversation.conversationId]);

    await expect.poll(() => slack.parents(SLACK_CHANNEL).length, { timeout: 3000, interval: 20 }).toBe(1);
    await expect.poll(async () => relay.handoff?.records.pendingIds(), { timeout: 3000, interval: 20 }).toEqual([]);
  });
});

describe('routing rules', () => {
  it('sends an urgent refund dispute to the VIP channel and a routine request to the default one', async () => {
    harness = await startHandoffHarness({
      handoff: {
        routes: [
          {
            name: 'disputes',
            when: { topic: ['refund'], priority: ['high', 'urgent'] },
            chain: [{ adapter: 'slack', route: 'C0VIP' }],
          },
        ],
      },
    });
    const { relay, slack } = harness;
    const urgent = await startConversation(relay);
    await relay.conversations.requestHandoff(urgent.conversationId, {
      reasons: ['negative_sentiment', 'sensitive_topic'],
      topics: ['refund'],
      priority: 'urgent',
      source: 'policy',
    });
    const routine = await startConversation(relay);
    await askForPerson(relay, routine);
    await relay.conversations.idle();

    expect(slack.parents('C0VIP')).toHaveLength(1);
    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
    expect((await relay.handoff?.ticketOf(urgent.conversationId))?.rule).toBe('disputes');
    expect(JSON.stringify(slack.parents('C0VIP')[0]?.blocks)).toContain('topic:refund');
    expect((await relay.handoff?.ticketOf(routine.conversationId))?.rule).toBe('default');
  });
});

describe('several relay instances sharing one store', () => {
  it('lets any instance apply a webhook for a ticket another opened, and deliver a handoff another kept', async () => {
    const store = createMemoryStore();
    harness = await startHandoffHarness({ store });
    const { relay: first, slack, logs } = harness;
    const second = createHarnessRelay(slack, logs, { store });
    try {
      // Instance one cannot reach Slack: it tells the visitor and keeps the handoff in the store.
      slack.failNext(
        'conversations.history',
        ...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503 })),
      );
      const conversation = await startConversation(first);
      await askForPerson(first, conversation);
      expect(await second.handoff?.records.pendingIds()).toEqual([conversation.conversationId]);

      // Instance two's retry delivers it; Slack's webhook then lands on instance one.
      expect(await second.handoff?.retryPendingHandoffs()).toEqual({ attempted: 1, opened: 1, pending: 0 });
      const threadTs = slack.parents(SLACK_CHANNEL)[0]?.ts ?? '';
      const reply = await slack.humanReply({ channel: SLACK_CHANNEL, threadTs, user: AGENT.id, text: 'Found it.' });
      expect((await deliver(first, reply.clone())).status).toBe(200);
      // The same delivery reaching the other instance too is still applied once.
      expect((await deliver(second, reply)).status).toBe(200);

      const replies = agentMessages(await eventsOf(first, conversation.conversationId));
      expect(replies.map((message) => message.text)).toEqual(['Found it.']);
    } finally {
      second.handoff?.stop();
      await second.conversations.idle();
    }
  });
});

describe('routing by verified tier', () => {
  it('sends a verified VIP to the VIP channel, and someone merely claiming to be one to the default', async () => {
    const identitySecret = 'identity-secret-0123456789';
    harness = await startHandoffHarness({
      identitySecret,
      handoff: { routes: [{ name: 'vip', when: { tier: ['vip'] }, chain: [{ adapter: 'slack', route: 'C0VIP' }] }] },
    });
    const { relay, slack } = harness;
    const userHash = createHmac('sha256', identitySecret).update('u_vip').digest('hex');
    const verified = await startConversation(relay, {
      identity: { userId: 'u_vip', userHash, name: 'Ada', attributes: { tier: 'vip' } },
    });
    const claimed = await startConversation(relay, {
      identity: { userId: 'u_other', name: 'Eve', attributes: { tier: 'vip' } },
    });
    await askForPerson(relay, verified);
    await askForPerson(relay, claimed);

    expect(slack.parents('C0VIP')).toHaveLength(1);
    expect(JSON.stringify(slack.parents('C0VIP')[0]?.blocks)).toContain('Ada');
    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(slack.parents(SLACK_CHANNEL)[0]?.blocks)).toContain('Eve');
  });
});

describe('routing a policy handoff by topic', () => {
  it('sends a chargeback threat the policy detected to the disputes channel', async () => {
    harness = await startHandoffHarness({
      handoff: {
        routes: [
          {
            name: 'disputes',
            when: { topic: ['chargeback', 'dispute'] },
            chain: [{ adapter: 'slack', route: 'C0VIP' }],
          },
        ],
      },
    });
    const { relay, slack } = harness;
    const conversation = await startConversation(relay);
    await sendMessage(relay, conversation, 'If this is not fixed I will file a chargeback with my bank.');

    expect(slack.parents('C0VIP')).toHaveLength(1);
    expect(slack.parents(SLACK_CHANNEL)).toHaveLength(0);
    expect(JSON.stringify(slack.parents('C0VIP')[0]?.blocks)).toContain('topic:chargeback');
  });
});

describe('replies and closes from Slack', () => {
  async function handedOff() {
    harness = await startHandoffHarness();
    const { relay, slack } = harness;
    const conversation = await startConversation(relay);
    await askForPerson(relay, conversation);
    const parent = slack.parents(SLACK_CHANNEL)[0];
    if (!parent) throw new Error('nothing posted');
    return { relay, slack, conversation, threadTs: parent.ts };
  }

  it("shows an agent's thread reply in the conversation with their name, once even when replayed", async () => {
    const { relay, slack, conversation, threadTs } = await handedOff();
    const request = await slack.humanReply({
      channel: SLACK_CHANNEL,
      threadTs,
      user: AGENT.id,
      text: 'Hi, I am on it.',
    });
    const replay = request.clone();
    const slackRetry = new Request(request.url, {
      method: 'POST',
      headers: {
        ...Object.fromEntries(request.headers),
        'x-slack-retry-num': '1',
        'x-slack-retry-reason': 'http_timeout',
      },
      body: await request.clone().text(),
    });

    expect((await deliver(relay, request)).status).toBe(200);
    expect((await deliver(relay, replay)).status).toBe(200);
    expect((await deliver(relay, slackRetry)).status).toBe(200);

    const events = await eventsOf(relay, conversation.conversationId);
    const replies = agentMessages(events);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ text: 'Hi, I am on it.', author: { name: AGENT.displayName } });
    expect(modes(events)).toEqual(['waiting', 'human']);
    expect(events.find((event) => event.type === 'handoff' && event.status === 'connected')).toMatchObject({
      agent: { name: AGENT.displayName },
    });
    expect(relay.metrics.registry.render()).toContain(
      'tandem_handoff_webhook_events_total{adapter="slack",outcome="duplicate"} 2',
    );
  });

  it('tells the visitor who took the conversation when an agent reacts with the join reaction', async () => {
    const { relay, slack, conversation, threadTs } = await handedOff();
    const reaction = await slack.reaction({ channel: SLACK_CHANNEL, ts: threadTs, user: AGENT.id, reaction: 'eyes' });
    expect((await deliver(relay, reaction)).status).toBe(200);

    const events = await eventsOf(relay, conversation.conversationId);
    expect(modes(events)).toEqual(['waiting', 'human']);
    expect(events.at(-1)).toMatchObject({ type: 'handoff', status: 'connected', agent: { name: AGENT.displayName } });
    expect(agentMessages(events)).toEqual([]);
  });

  it('records a 👎 on the handoff message as the agent marking it not needed, in the audit log with its reasons', async () => {
    const { relay, slack, conversation, threadTs } = await handedOff();
    const forged = await slack.reaction(
      { channel: SLACK_CHANNEL, ts: threadTs, user: AGENT.id, reaction: '-1' },
      { signingSecret: 'not-the-signing-secret-at-all-000' },
    );
    expect((await deliver(relay, forged)).status).toBe(401);
    expect((await relay.audit.list()).filter((entry) => entry.type === 'handoff-review')).toEqual([]);

    const reaction = await slack.reaction({ channel: SLACK_CHANNEL, ts: threadTs, user: AGENT.id, reaction: '-1' });
    expect((await deliver(relay, reaction.clone())).status).toBe(200);
    expect((await deliver(relay, reaction)).status).toBe(200);
    const reviews = (await relay.audit.list()).filter((entry) => entry.type === 'handoff-review');
    expect(reviews).toEqual([
      {
        type: 'handoff-review',
        at: expect.any(String),
        conversationId: conversation.conversationId,
        verdict: 'not_needed',
        reasons: ['visitor_request'],
        handoffSource: 'visitor',
        source: 'slack',
        reviewer: AGENT.displayName,
      },
    ]);
    expect(relay.metrics.registry.render()).toContain(
      'tandem_handoff_reviews_total{reason="visitor_request",verdict="not_needed"} 1',
    );
    // A mark changes nothing the visitor sees.
    expect(modes(await eventsOf(relay, conversation.conversationId))).toEqual(['waiting']);
  });

  it('closes the conversation on the close reaction, without posting a closing note back to Slack', async () => {
    const { relay, slack, conversation, threadTs } = await handedOff();
    const reaction = await slack.reaction({
      channel: SLACK_CHANNEL,
      ts: threadTs,
      user: AGENT.id,
      reaction: 'white_check_mark',
    });
    expect((await deliver(relay, reaction)).status).toBe(200);
    await relay.conversations.idle();

    const events = await eventsOf(relay, conversation.conversationId);
    expect(modes(events).at(-1)).toBe('closed');
    expect((await relay.handoff?.ticketOf(conversation.conversationId))?.closed).toBe(true);
    expect(slack.thread(SLACK_CHANNEL, threadTs).some((message) => message.text.includes(':lock:'))).toBe(false);
  });

  it('tells the Slack thread when the visitor ends the chat from the widget', async () => {
    const { relay, slack, conversation, threadTs } = await handedOff();
    const response = await relay.request(`/v1/conversations/${conversation.conversationId}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(204);
    await relay.conversations.idle();
    const notes = slack.thread(SLACK_CHANNEL, threadTs).map((message) => message.text);
    expect(notes).toContain(':lock: The customer closed the chat.');
  });

  it('answers the url_verification challenge', async () => {
    const { relay, slack } = await handedOff();
    const response = await deliver(
      relay,
      await slack.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('refuses a signed Slack body that is not a well-formed envelope with 400 and changes nothing', async () => {
    const { relay, slack, conversation } = await handedOff();
    const before = await eventsOf(relay, conversation.conversationId);
    const bodies = [
      'null',
      '[]',
      '"event_callback"',
      '{"type":"event_callback","event_id":"Ev00000001","event":null}',
      '{"type":"event_callback","event_id":"Ev00000002","event":"message"}',
      '{"type":"event_callback","event":{"type":"message"}}',
      '{"type":"url_verification","challenge":null}',
    ];
    for (const body of bodies) {
      const response = await deliver(relay, await slack.signedJson(body));
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    }
    expect(await eventsOf(relay, conversation.conversationId)).toEqual(before);
    expect(harness?.logs.some((line) => line.level === 'error')).toBe(false);
  });

  it('refuses forged, unsigned and stale webhooks with 401 and changes nothing', async () => {
    const { relay, slack, conversation, threadTs } = await handedOff();
    const before = await eventsOf(relay, conversation.conversationId);
    const reply = { channel: SLACK_CHANNEL, threadTs, user: AGENT.id, text: 'Refund approved!' };

    const forged = await slack.humanReply(reply, { signingSecret: 'not-the-signing-secret-at-all-000' });
    const unsignedSource = await slack.humanReply(reply);
    const unsignedHeaders = new Headers(unsignedSource.headers);
    unsignedHeaders.delete('x-slack-signature');
    const unsigned = new Request(unsignedSource.url, {
      method: 'POST',
      headers: unsignedHeaders,
      body: await unsignedSource.text(),
    });
    const stale = await slack.humanReply(reply, { timestampSeconds: Math.floor(Date.now() / 1000) - 10 * 60 });
    const tampered = await slack.humanReply(reply);
    const tamperedBody = (await tampered.text()).replace('Refund approved!', 'Refund denied!!');
    const tamperedRequest = new Request(tampered.url, {
      method: 'POST',
      headers: tampered.headers,
      body: tamperedBody,
    });

    for (const request of [forged, unsigned, stale, tamperedRequest]) {
      const response = await deliver(relay, request);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect(await eventsOf(relay, conversation.conversationId)).toEqual(before);
    expect(relay.metrics.registry.render()).toContain(
      'tandem_handoff_webhook_events_total{adapter="slack",outcome="refused"} 4',
    );
  });

  it('brings a public Zendesk comment back as an agent reply, and closes when the ticket is solved', async () => {
    const zendesk = await startFakeZendesk({ auth: ZENDESK_AUTH, webhookSecret: 'zendesk-webhook-secret' });
    try {
      harness = await startHandoffHarness({
        extraAdapters: [
          createZendeskHandoff({ baseURL: zendesk.url, auth: ZENDESK_AUTH, webhookSecret: 'zendesk-webhook-secret' }),
        ],
        handoff: { chain: ['zendesk'] },
      });
      const { relay } = harness;
      const conversation = await startConversation(relay);
      await askForPerson(relay, conversation);
      const [ticket] = zendesk.tickets;
      if (!ticket) throw new Error('no Zendesk ticket');
      expect((await relay.handoff?.ticketOf(conversation.conversationId))?.ticket.id).toBe(String(ticket.id));

      const comment = await zendesk.agentComment(ticket.id, { text: 'Refund issued.', agentName: 'Linus' });
      expect((await deliver(relay, comment)).status).toBe(200);
      const solved = await zendesk.setStatus(ticket.id, 'solved');
      expect((await deliver(relay, solved)).status).toBe(200);
      await relay.conversations.idle();

      const events = await eventsOf(relay, conversation.conversationId);
      expect(agentMessages(events).map((message) => [message.author?.name, message.text])).toEqual([
        ['Linus', 'Refund issued.'],
      ]);
      expect(modes(events).at(-1)).toBe('closed');
    } finally {
      await zendesk.close();
    }
  });

  it('answers 404 for a webhook to an adapter that is not configured', async () => {
    const { relay } = await handedOff();
    const response = await relay.request('/v1/webhooks/zendesk', { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  });
});
