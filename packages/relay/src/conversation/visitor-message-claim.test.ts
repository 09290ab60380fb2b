import type { Message } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createOfflineAssistant } from '../assistant/offline.ts';
import { createMemoryStore } from '../store/memory.ts';
import type { ConversationRecord } from '../store/store.ts';
import { StoreUnavailableError } from '../store/store-unavailable.ts';
import { ConversationService } from './conversation-service.ts';

const knowledge = [{ id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' }];

async function setup() {
  const service = new ConversationService({
    store: createMemoryStore(),
    assistant: createOfflineAssistant({ knowledge }),
    tokenSecret: 'claim-test-secret-claim-test-secret-0123',
    tokenTtlSeconds: 3600,
  });
  const { conversationId } = await service.create({}, 'shop');
  const conversation = (await service.store.getConversation(conversationId)) as ConversationRecord;
  return { service, conversation };
}

/** What a send leaves behind when the store fails after the claim and cannot be told to forget it. */
async function leaveClaimWithoutMessage(service: ConversationService, conversationId: string, ageMs: number) {
  const message: Message = {
    id: crypto.randomUUID(),
    role: 'visitor',
    text: 'Where is my parcel?',
    clientMessageId: 'c1',
    createdAt: new Date(Date.now() - ageMs).toISOString(),
  };
  await service.store.setKey(`client-message:${conversationId}:c1`, JSON.stringify(message), 3600);
}

const visitorTexts = async (service: ConversationService, conversationId: string) =>
  (await service.store.readEvents(conversationId, 0)).flatMap((event) =>
    event.type === 'message' && event.message.role === 'visitor' ? [event.message.text] : [],
  );

describe('a retried visitor message whose first send failed between its claim and its write', () => {
  it('is stored by the retry once the claim is abandoned, not called a duplicate of a message nobody has', async () => {
    const { service, conversation } = await setup();
    await leaveClaimWithoutMessage(service, conversation.id, 60_000);

    const sent = await service.sendVisitorMessage(conversation, { clientMessageId: 'c1', text: 'Where is my parcel?' });
    expect(sent.duplicate).toBe(false);
    await service.idle();
    expect(await visitorTexts(service, conversation.id)).toEqual(['Where is my parcel?']);
    // A further repeat is now a real duplicate.
    const again = await service.sendVisitorMessage(conversation, {
      clientMessageId: 'c1',
      text: 'Where is my parcel?',
    });
    expect(again).toMatchObject({ duplicate: true, message: { id: sent.message.id } });
    expect(await visitorTexts(service, conversation.id)).toEqual(['Where is my parcel?']);
  });

  it('asks the retry to come back (503) while a fresh claim may still be written by its first request', async () => {
    const { service, conversation } = await setup();
    await leaveClaimWithoutMessage(service, conversation.id, 0);

    await expect(
      service.sendVisitorMessage(conversation, { clientMessageId: 'c1', text: 'Where is my parcel?' }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await visitorTexts(service, conversation.id)).toEqual([]);
  });
});
