import type { Citation, Message } from '@tandem/protocol';
import type { Assistant } from '../assistant/assistant.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';

export interface AssistantTurnInput {
  store: ConversationStore;
  assistant: Assistant;
  conversation: ConversationRecord;
}

export const ANSWER_FAILED_TEXT =
  'Sorry, I couldn\'t finish that answer. Please ask again, or use "Talk to a person" to reach our team.';

/** Streams one assistant answer into the event log: typing, deltas, then the whole message. */
export async function runAssistantTurn({ store, assistant, conversation }: AssistantTurnInput): Promise<void> {
  const { id: conversationId } = conversation;
  const transcript = (await store.readEvents(conversationId, 0)).flatMap((event) =>
    event.type === 'message' ? [event.message] : [],
  );
  const controller = new AbortController();
  const messageId = crypto.randomUUID();
  let text = '';
  let citations: Citation[] = [];
  let finished = false;

  await store.appendEvent(conversationId, { type: 'typing', role: 'assistant', typing: true });
  try {
    for await (const part of assistant.respond({
      conversationId,
      messages: transcript,
      signal: controller.signal,
      ...(conversation.locale ? { locale: conversation.locale } : {}),
    })) {
      if (part.type === 'assessment') citations = part.assessment.citations;
      else if (part.type === 'text-delta') {
        text += part.text;
        await store.appendEvent(conversationId, { type: 'message-delta', messageId, delta: part.text });
      } else {
        finished = true;
        break;
      }
    }
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'assistant failed', conversationId, error: String(error) }));
  } finally {
    controller.abort();
  }

  await store.appendEvent(conversationId, { type: 'typing', role: 'assistant', typing: false });
  if (finished && text.trim().length > 0) {
    const message: Message = {
      id: messageId,
      role: 'assistant',
      text: text.trim(),
      createdAt: new Date().toISOString(),
      ...(citations.length > 0 ? { citations } : {}),
    };
    await store.appendEvent(conversationId, { type: 'message', message });
  } else {
    await store.appendEvent(conversationId, {
      type: 'error',
      code: 'assistant_failed',
      message: 'The answer was cut off.',
      messageId,
    });
    await store.appendEvent(conversationId, {
      type: 'message',
      message: {
        id: crypto.randomUUID(),
        role: 'system',
        text: ANSWER_FAILED_TEXT,
        createdAt: new Date().toISOString(),
      },
    });
  }
}
