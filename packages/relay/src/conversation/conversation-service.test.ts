import type { ConversationEvent, Message } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createOfflineAssistant } from '../assistant/offline.ts';
import { createLogger } from '../observability/logger.ts';
import type { HandoffRequestInput } from '../policy/handoff-request.ts';
import { createMemoryStore } from '../store/memory.ts';
import type { ConversationRecord } from '../store/store.ts';
import { ConversationService } from './conversation-service.ts';
import type { HandoffPort } from './handoff-port.ts';
import { IllegalTransitionError } from './state-machine.ts';

const knowledge = [{ id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' }];
const agent = { name: 'Maria' };
const visitorAsks: HandoffRequestInput = { reasons: ['visitor_request'], priority: 'normal', source: 'visitor' };

/** What the service told the people side, in order: a port that writes down each call (and may fail). */
function recordingPort(failClosed = false) {
  const calls = {
    requested: [] as HandoffRequestInput[],
    forwarded: [] as Message[],
    closed: [] as string[],
    contacts: [] as string[],
  };
  const port: HandoffPort = {
    handoffRequested: async (_conversation, request) => void calls.requested.push(request),
    visitorMessage: async (_conversation, message) => void calls.forwarded.push(message),
    closed: async (conversation) => {
      if (failClosed) throw new Error('helpdesk down');
      calls.closed.push(conversation.mode);
    },
    contactSaved: async (_conversation, contact) => void calls.contacts.push(contact.email),
  };
  return { port, calls };
}

function setup(identitySecret?: string, { failClosed = false } = {}) {
  const logLines: Record<string, unknown>[] = [];
  const { port, calls } = recordingPort(failClosed);
  const service = new ConversationService({
    handoff: () => port,
    store: createMemoryStore(),
    assistant: createOfflineAssistant({ knowledge }),
    tokenSecret: 'service-test-secret-service-test-secret',
    tokenTtlSeconds: 3600,
    identitySecret,
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(JSON.parse(line)) }),
  });
  return { service, logLines, calls };
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
    const { service, calls } = setup();
    const id = await start(service);
    await Promise.all([service.requestHandoff(id, visitorAsks), service.requestHandoff(id, visitorAsks)]);
    await service.requestHandoff(id, { reasons: ['negative_sentiment'], priority: 'high', source: 'policy' });
    await service.idle();
    expect(calls.requested).toEqual([visitorAsks]);
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
  it('go to the handoff port and are not answered by the assistant', async () => {
    const { service, calls } = setup();
    const id = await start(service);
    await service.requestHandoff(id, visitorAsks);
    await visitorMessage(service, await stateOf(service, id), 'w1', 'Are you there?');
    await service.agentJoined(id, agent);
    await visitorMessage(service, await stateOf(service, id), 'h1', 'How do I return an item?');
    await service.idle();
    expect(calls.forwarded.map((message) => message.text)).toEqual(['Are you there?', 'How do I return an item?']);
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
  it('keeps the latest contact address and tells the handoff port', async () => {
    const { service, calls } = setup();
    const id = await start(service);
    await service.saveContact(id, { email: 'old@example.com' });
    await service.saveContact(id, { email: 'ana@example.com', message: 'Lost parcel' });
    await service.idle();
    expect((await stateOf(service, id)).contact).toMatchObject({ email: 'ana@example.com', message: 'Lost parcel' });
    expect(calls.contacts).toEqual(['old@example.com', 'ana@example.com']);
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

describe('handoff port', () => {
  it('hears of a close in the background; its failure is logged and the close stands', async () => {
    const { service, logLines } = setup(undefined, { failClosed: true });
    const id = await start(service);
    await service.closeConversation(id, 'visitor');
    await service.idle();
    expect((await stateOf(service, id)).mode).toBe('closed');
    expect(logLines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'handoff port failed', conversationId: id }),
    );
  });

  it('hears of a close once, with the closed record', async () => {
    const { service, calls } = setup();
    const id = await start(service);
    await Promise.all([service.closeConversation(id, 'visitor'), service.closeConversation(id, 'agent')]);
    await service.idle();
    expect(calls.closed).toEqual(['closed']);
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
