import type { ConversationEvent, Message } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createOfflineAssistant } from '../assistant/offline.ts';
import { createLogger } from '../observability/logger.ts';
import { createMemoryStore } from '../store/memory.ts';
import type { ConversationRecord } from '../store/store.ts';
import { ConversationService } from './conversation-service.ts';
import type { HandoffRequestInput } from './handoff-request.ts';
import { IllegalTransitionError } from './state-machine.ts';

const knowledge = [{ id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' }];
const agent = { name: 'Maria' };
const visitorAsks: HandoffRequestInput = { reasons: ['visitor_request'], priority: 'normal', source: 'visitor' };

function setup(identitySecret?: string) {
  const logLines: Record<string, unknown>[] = [];
  const service = new ConversationService({
    store: createMemoryStore(),
    assistant: createOfflineAssistant({ knowledge }),
    tokenSecret: 'service-test-secret-service-test-secret',
    tokenTtlSeconds: 3600,
    identitySecret,
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(JSON.parse(line)) }),
  });
  return { service, logLines };
}

async function start(service: ConversationService, request = {}) {
  const { conversationId } = await service.create(request, 'shop');
  return conversationId;
}

async function stateOf(service: ConversationService, conversationId: string) {
  return (await service.store.getConversation(conversationId)) as ConversationRecord;
}

/** The log without message deltas and typing, as `type:detail` strings a test can compare. */
async function timeline(service: ConversationService, conversationId: string): Promise<string[]> {
  const events = await service.store.readEvents(conversationId, 0);
  return events.flatMap((event: ConversationEvent) => {
    if (event.type === 'mode') return [`mode:${event.mode}`];
    if (event.type === 'handoff') return [`handoff:${event.status}`];
    if (event.type === 'message') return [`message:${event.message.role}`];
    return [];
  });
}

function visitorMessage(service: ConversationService, conversation: ConversationRecord, id: string, text: string) {
  return service.sendVisitorMessage(conversation, { clientMessageId: id, text });
}

describe('conversation lifecycle', () => {
  it('goes assistant → waiting → human → closed, logging each change', async () => {
    const { service } = setup();
    const id = await start(service);
    await service.requestHandoff(id, { ...visitorAsks, note: 'my parcel is lost' });
    expect((await stateOf(service, id)).handoff).toMatchObject({
      status: 'requested',
      reasons: ['visitor_request'],
      note: 'my parcel is lost',
    });
    await service.agentJoined(id, agent);
    await service.closeConversation(id, 'agent');
    const record = await stateOf(service, id);
    expect(record).toMatchObject({ mode: 'closed', closedBy: 'agent', handoff: { status: 'connected', agent } });
    expect(await timeline(service, id)).toEqual([
      'mode:waiting',
      'handoff:requested',
      'mode:human',
      'handoff:connected',
      'mode:closed',
    ]);
  });

  it('hands back from a person to the assistant, which answers again', async () => {
    const { service } = setup();
    const id = await start(service);
    await service.requestHandoff(id, visitorAsks);
    await service.agentJoined(id, agent);
    await service.handBack(id);
    await visitorMessage(service, await stateOf(service, id), 'after', 'How do I return an item?');
    await service.idle();
    expect(await timeline(service, id)).toEqual([
      'mode:waiting',
      'handoff:requested',
      'mode:human',
      'handoff:connected',
      'mode:assistant',
      'message:visitor',
      'message:assistant',
    ]);
  });

  it('asks for a person only once, however often it is requested', async () => {
    const { service } = setup();
    const id = await start(service);
    const requested: HandoffRequestInput[] = [];
    service.hooks.add({ onHandoffRequested: (_conversation, request) => void requested.push(request) });
    await Promise.all([service.requestHandoff(id, visitorAsks), service.requestHandoff(id, visitorAsks)]);
    await service.requestHandoff(id, { reasons: ['negative_sentiment'], priority: 'high', source: 'policy' });
    await service.idle();
    expect(requested).toEqual([visitorAsks]);
    expect(await timeline(service, id)).toEqual(['mode:waiting', 'handoff:requested']);
    expect(service.metrics.handoffs.value({ reason: 'visitor_request' })).toBe(1);
  });

  it('refuses illegal changes with a typed error and changes nothing', async () => {
    const { service } = setup();
    const id = await start(service);
    await service.closeConversation(id, 'visitor');
    const before = await service.store.readEvents(id, 0);
    await expect(service.requestHandoff(id, visitorAsks)).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(service.agentJoined(id, agent)).rejects.toMatchObject({ code: 'conflict', from: 'closed' });
    await expect(service.handBack(id)).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(await service.store.readEvents(id, 0)).toEqual(before);
    expect((await stateOf(service, id)).mode).toBe('closed');
  });

  it('returns to the assistant and says so when nobody is available', async () => {
    const { service } = setup();
    const id = await start(service);
    await service.requestHandoff(id, visitorAsks);
    await service.markHandoffFailed(id, 'slack: 503');
    await service.markHandoffUnavailable(id, 'after_hours');
    const events = await service.store.readEvents(id, 0);
    expect(events.filter((event) => event.type === 'handoff')).toMatchObject([
      { status: 'requested' },
      { status: 'failed', reasons: ['slack: 503'] },
      { status: 'unavailable', reasons: ['after_hours'] },
    ]);
    expect(await timeline(service, id)).toEqual([
      'mode:waiting',
      'handoff:requested',
      'handoff:failed',
      'handoff:unavailable',
      'mode:assistant',
    ]);
    expect((await stateOf(service, id)).handoff?.status).toBe('unavailable');
  });

  it('reopens a closed conversation with the assistant when the visitor writes again', async () => {
    const { service } = setup();
    const id = await start(service);
    await service.closeConversation(id, 'visitor');
    await visitorMessage(service, await stateOf(service, id), 'back', 'How do I return an item?');
    await service.idle();
    expect(await timeline(service, id)).toEqual([
      'mode:closed',
      'mode:assistant',
      'message:visitor',
      'message:assistant',
    ]);
    expect(service.metrics.openConversations.value()).toBe(1);
  });
});

describe('visitor messages while a person is involved', () => {
  it('go to the onVisitorMessage hooks and are not answered by the assistant', async () => {
    const { service } = setup();
    const id = await start(service);
    const forwarded: Message[] = [];
    service.hooks.add({ onVisitorMessage: (_conversation, message) => void forwarded.push(message) });
    await service.requestHandoff(id, visitorAsks);
    await visitorMessage(service, await stateOf(service, id), 'w1', 'Are you there?');
    await service.agentJoined(id, agent);
    await visitorMessage(service, await stateOf(service, id), 'h1', 'How do I return an item?');
    await service.idle();
    expect(forwarded.map((message) => message.text)).toEqual(['Are you there?', 'How do I return an item?']);
    expect((await timeline(service, id)).filter((entry) => entry === 'message:assistant')).toEqual([]);
  });
});

describe('agent messages', () => {
  it('join the agent when still waiting and show each reply once, however often the webhook repeats', async () => {
    const { service } = setup();
    const id = await start(service);
    await service.requestHandoff(id, visitorAsks);
    const reply = { author: agent, text: 'Hi, I am looking into it.', externalId: 'slack:1700000000.0001' };
    const [first, second] = await Promise.all([
      service.appendAgentMessage(id, reply),
      service.appendAgentMessage(id, reply),
    ]);
    const third = await service.appendAgentMessage(id, reply);
    expect([first.duplicate, second.duplicate, third.duplicate].filter(Boolean)).toHaveLength(2);
    expect(third.message).toEqual(first.duplicate ? second.message : first.message);
    expect(await timeline(service, id)).toEqual([
      'mode:waiting',
      'handoff:requested',
      'mode:human',
      'handoff:connected',
      'message:agent',
    ]);
  });

  it('are still shown on a closed conversation, which stays closed', async () => {
    const { service } = setup();
    const id = await start(service);
    await service.closeConversation(id, 'system');
    await service.appendAgentMessage(id, { author: agent, text: 'Following up by chat.', externalId: 'e1' });
    expect((await stateOf(service, id)).mode).toBe('closed');
    expect((await timeline(service, id)).at(-1)).toBe('message:agent');
  });
});

describe('contact and rating', () => {
  it('keeps the latest contact address and tells the hooks', async () => {
    const { service } = setup();
    const id = await start(service);
    const contacts: string[] = [];
    service.hooks.add({ onContactSaved: (_conversation, contact) => void contacts.push(contact.email) });
    await service.saveContact(id, { email: 'old@example.com' });
    await service.saveContact(id, { email: 'ana@example.com', message: 'Lost parcel' });
    await service.idle();
    expect((await stateOf(service, id)).contact).toMatchObject({ email: 'ana@example.com', message: 'Lost parcel' });
    expect(contacts).toEqual(['old@example.com', 'ana@example.com']);
  });

  it('accepts a rating only after a person was involved or the conversation closed, and only once', async () => {
    const { service } = setup();
    const id = await start(service);
    await expect(service.saveRating(id, { score: 5 })).rejects.toMatchObject({ code: 'conflict' });
    await service.closeConversation(id, 'visitor');
    await service.saveRating(id, { score: 4, comment: 'quick' });
    await service.saveRating(id, { score: 4, comment: 'quick' });
    await expect(service.saveRating(id, { score: 1 })).rejects.toMatchObject({ code: 'conflict' });
    expect((await stateOf(service, id)).rating).toMatchObject({ score: 4, comment: 'quick' });
  });
});

describe('hooks', () => {
  it('run in the background; a failing hook is logged and the others still run', async () => {
    const { service, logLines } = setup();
    const id = await start(service);
    const closed: string[] = [];
    service.hooks.add({
      onClosed: () => {
        throw new Error('helpdesk down');
      },
    });
    const remove = service.hooks.add({ onClosed: async (conversation) => void closed.push(conversation.mode) });
    await service.closeConversation(id, 'visitor');
    await service.idle();
    expect(closed).toEqual(['closed']);
    expect(logLines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'hook failed', hook: 'onClosed', conversationId: id }),
    );
    remove();
    expect(service.hooks.size).toBe(1);
  });
});

describe('identity', () => {
  const identitySecret = 'identity-secret-of-the-merchant';
  async function hashOf(userId: string) {
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(identitySecret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(userId));
    return Buffer.from(signature).toString('hex');
  }

  it('is verified only with the right userHash, which is not stored', async () => {
    const { service } = setup(identitySecret);
    const attributes = { tier: 'vip' };
    const verified = await start(service, { identity: { userId: 'u1', userHash: await hashOf('u1'), attributes } });
    const forged = await start(service, { identity: { userId: 'u2', userHash: await hashOf('u1'), attributes } });
    const bare = await start(service, { identity: { userId: 'u3', attributes } });
    expect(await stateOf(service, verified)).toMatchObject({ identityVerified: true, identity: { userId: 'u1' } });
    expect((await stateOf(service, verified)).identity).not.toHaveProperty('userHash');
    expect((await stateOf(service, forged)).identityVerified).toBe(false);
    expect((await stateOf(service, bare)).identityVerified).toBe(false);
  });

  it('is never verified without an identity secret', async () => {
    const { service } = setup();
    const id = await start(service, { identity: { userId: 'u1', userHash: await hashOf('u1') } });
    expect((await stateOf(service, id)).identityVerified).toBe(false);
  });
});
