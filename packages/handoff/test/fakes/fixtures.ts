import type { Message } from '@tandem/protocol';
import type { HandoffContext } from '../../src/handoff-context.ts';

/** An upset customer's conversation, as the relay would hand it off. */
export function sampleContext(overrides: Partial<HandoffContext> = {}): HandoffContext {
  return {
    conversationId: 'c_7f3a9',
    summary: 'Parcel #4411 is two weeks late; the customer wants a refund, not another tracking link.',
    transcript: [
      message('m1', 'visitor', 'Where is my parcel #4411? It is two weeks late.'),
      message('m2', 'assistant', 'It is in transit; tracking: https://track.example/4411'),
      message('m3', 'visitor', 'That link has said "in transit" for 10 days. I want a refund <now>!'),
    ],
    identity: {
      userId: 'u_1001',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      attributes: { plan: 'gold', orders: 14 },
    },
    identityVerified: true,
    tier: 'vip',
    pageUrl: 'https://shop.example/orders/4411',
    locale: 'en-GB',
    sentimentTrajectory: [-0.1, -0.4, -0.8],
    reasons: ['negative_sentiment', 'topic:refund'],
    priority: 'high',
    suggestedReply: 'I am sorry about the delay, Ada. I have refunded order #4411 in full.',
    conversationUrl: 'https://support.example/inbox/c_7f3a9',
    ...overrides,
  };
}

export function message(id: string, role: Message['role'], text: string, minute = 0): Message {
  return { id, role, text, createdAt: new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString() };
}
