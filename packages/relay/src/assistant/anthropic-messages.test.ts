import type { Message } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { toAnthropicMessages } from './anthropic-messages.ts';

const photo = {
  id: 'a1',
  name: 'pole "broken".jpg',
  contentType: 'image/jpeg' as const,
  size: 1200,
  url: '/v1/conversations/c/attachments/a1',
};

function visitor(text: string, attachments?: Message['attachments']): Message {
  return {
    id: crypto.randomUUID(),
    role: 'visitor',
    text,
    createdAt: '2026-12-04T22:00:00.000Z',
    ...(attachments ? { attachments } : {}),
  };
}

describe('toAnthropicMessages', () => {
  it('tells the model a picture was sent, since it cannot see it, and redacts the file name like the text', () => {
    const turns = toAnthropicMessages([visitor('', [photo]), visitor('Is this covered? mail me at jo@example.com')], {
      maxMessages: 20,
      transform: (text) => text.replaceAll('jo@example.com', '[email]'),
    });
    expect(turns).toEqual([
      {
        role: 'user',
        content: `[The visitor attached a picture: "pole 'broken'.jpg"]\n\nIs this covered? mail me at [email]`,
      },
    ]);
  });

  it('names a PDF as a document after the words it came with', () => {
    const turns = toAnthropicMessages(
      [visitor('My invoice', [{ ...photo, name: 'invoice.pdf', contentType: 'application/pdf' }])],
      {
        maxMessages: 20,
        transform: (text) => text,
      },
    );
    expect(turns[0]?.content).toBe('My invoice\n[The visitor attached a PDF document: "invoice.pdf"]');
  });
});
