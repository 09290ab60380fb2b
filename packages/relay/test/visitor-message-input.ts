import type { VisitorMessageInput } from '../src/store/store.ts';

/**
 * A visitor's send as the relay hands it to `ConversationStore.acceptVisitorMessage`: a fresh message id on every call,
 * counted and claimed under the keys the relay's separate calls use.
 */
export function visitorMessageInput(
  conversationId: string,
  clientMessageId: string,
  overrides: Partial<VisitorMessageInput> = {},
): VisitorMessageInput {
  return {
    siteId: 'shop',
    message: {
      id: crypto.randomUUID(),
      role: 'visitor',
      text: `Question ${clientMessageId}`,
      clientMessageId,
      createdAt: new Date().toISOString(),
    },
    rateLimit: { limit: 20, windowSeconds: 60 },
    idempotencyTtlSeconds: 60,
    keys: {
      rateLimit: `rate:conversation:${conversationId}`,
      clientMessage: `client-message:${conversationId}:${clientMessageId}`,
    },
    ...overrides,
  };
}
