import { describe, expect, it } from 'vitest';
import { CONVERSATION_EVENT_TYPES, conversationEventSchema } from './events.ts';
import { authorSchema, sendMessageRequestSchema } from './message.ts';

describe('conversation events', () => {
  it('covers every event type the widget must handle', () => {
    expect(CONVERSATION_EVENT_TYPES).toEqual(['message', 'message-delta', 'typing', 'mode', 'handoff', 'error']);
  });

  it('accepts a streamed delta with its per-conversation id', () => {
    const event = conversationEventSchema.parse({
      id: 7,
      createdAt: '2026-11-22T10:00:00.000Z',
      type: 'message-delta',
      messageId: 'm1',
      delta: 'You have ',
    });
    expect(event).toMatchObject({ id: 7, type: 'message-delta' });
  });

  it('refuses an event without an id or of an unknown type', () => {
    expect(conversationEventSchema.safeParse({ type: 'mode', mode: 'human', createdAt: 'x' }).success).toBe(false);
    expect(conversationEventSchema.safeParse({ id: 1, createdAt: 'x', type: 'shout' }).success).toBe(false);
  });
});

describe('send message request', () => {
  it('needs a clientMessageId so a retried send is stored once', () => {
    const result = sendMessageRequestSchema.safeParse({ text: 'Hello' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['clientMessageId']);
  });

  it('refuses blank text and text over the length limit', () => {
    expect(sendMessageRequestSchema.safeParse({ clientMessageId: 'a1', text: '   ' }).success).toBe(false);
    // Zero-width spaces and joiners, a word joiner, a byte-order mark, bidi marks, a Hangul filler, a tag character.
    for (const invisible of [
      '\u200B',
      '\u200B\u200C\u200D',
      '\u2060 \uFEFF',
      '\u200E\u200F\n',
      '\u3164',
      '\u{E0041}',
    ]) {
      expect(sendMessageRequestSchema.safeParse({ clientMessageId: 'a1', text: invisible }).success, invisible).toBe(
        false,
      );
    }
    for (const visible of ['ok', '\u200Bhi', '👩\u200D💻', 'مرحبا', '\u0301a']) {
      expect(sendMessageRequestSchema.safeParse({ clientMessageId: 'a1', text: visible }).success, visible).toBe(true);
    }
    expect(sendMessageRequestSchema.safeParse({ clientMessageId: 'a1', text: 'x'.repeat(4001) }).success).toBe(false);
    expect(sendMessageRequestSchema.safeParse({ clientMessageId: 'a1', text: 'Where is my parcel?' }).success).toBe(
      true,
    );
  });
});

describe('message author', () => {
  it('takes an avatar only from an https:// address', () => {
    expect(authorSchema.safeParse({ name: 'Grace', avatarUrl: 'https://cdn.example/grace.png' }).success).toBe(true);
    for (const avatarUrl of [
      'javascript:alert(document.cookie)',
      'JavaScript:alert(1)',
      'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
      'vbscript:msgbox(1)',
      'http://cdn.example/grace.png',
      'file:///etc/passwd',
      `https://cdn.example/${'a'.repeat(2048)}`,
    ]) {
      const result = authorSchema.safeParse({ name: 'Grace', avatarUrl });
      expect(result.success, avatarUrl).toBe(false);
    }
  });
});
