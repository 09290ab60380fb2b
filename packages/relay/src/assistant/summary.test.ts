import type { Message } from '@tandem/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAnthropicServer, startFakeAnthropicServer } from '../../test/fake-anthropic-server.ts';
import { createAnthropicAssistant } from './anthropic.ts';
import { NOT_FOUND_ANSWERS } from './not-found.ts';
import { createOfflineAssistant } from './offline.ts';
import { createHandoffSummarizer, extractiveSummary, summarizeForHandoff } from './summary.ts';

const knowledge = [
  {
    id: 'returns',
    markdown:
      '# Returns\n\n## Refund timing\nRefunds are issued within 5 business days after your return reaches our warehouse. Your bank may need 3 to 7 more days.\n\n## Damaged or wrong items\nIf your order arrives damaged, tell us within 14 days with a photo. We send a replacement at no cost or refund you in full.',
  },
];

// The return-shipping section whose "9.95 EUR" was once cut to "95 EUR, deducted from your refund".
const shopKnowledge = [
  ...knowledge,
  {
    id: 'shipping-returns',
    markdown:
      '# Returns and exchanges\n\n## Return shipping costs\nReturns within the EU and the UK are free with our prepaid label. Returns from other countries cost a flat 9.95 EUR, deducted from your refund. If an item arrived damaged or we sent the wrong item, return shipping is always free.',
  },
];

let clock = 0;
function message(role: Message['role'], text: string, extra: Partial<Message> = {}): Message {
  clock++;
  return {
    id: `m${clock}`,
    role,
    text,
    createdAt: new Date(Date.UTC(2026, 10, 22, 10, clock)).toISOString(),
    ...extra,
  };
}

const transcript: Message[] = [
  message('visitor', 'Hi'),
  message('visitor', 'My lamp arrived cracked, order 100234. When do I get my money back?'),
  message(
    'assistant',
    'Refunds are issued within 5 business days after your return reaches our warehouse. Your bank may need 3 to 7 more days.',
    { citations: [{ id: 'returns#refund-timing', title: 'Refund timing' }] },
  ),
  message('visitor', 'Can you pick it up from my house instead of me posting it?'),
  message('assistant', NOT_FOUND_ANSWERS.en as string),
  message('visitor', 'I want to talk to a person. My card 4111 1111 1111 1111 was charged twice.'),
];

describe('extractive handoff summary', () => {
  it('leads with what is still open, then what was answered from which section', () => {
    const summary = extractiveSummary(transcript, { knowledge });
    expect(summary.source).toBe('extractive');
    expect(summary.request).toBe('I want to talk to a person. My card 4111 1111 1111 1111 was charged twice');
    expect(summary.answered).toEqual([
      'Assistant answered (from Refund timing): Refunds are issued within 5 business days after your return reaches our warehouse.',
    ]);
    expect(summary.citations).toEqual([{ id: 'returns#refund-timing', title: 'Refund timing' }]);
    expect(summary.openQuestions).toEqual([
      'Can you pick it up from my house instead of me posting it?',
      'I want to talk to a person. My card 4111 1111 1111 1111 was charged twice.',
    ]);
    expect(summary.summary).toMatch(
      /^The customer is waiting for an answer to: I want to talk to a person\. My card .* was charged twice\. Also unanswered: Can you pick it up from my house/,
    );
    expect(summary.summary).toContain(
      'Earlier they asked: My lamp arrived cracked, order 100234. When do I get my money back. The assistant answered once from "Refund timing".',
    );
  });

  it('counts an answered question as answered even when the widget hides sources, and keeps a complaint with no question mark open', () => {
    const summary = extractiveSummary([
      message('visitor', 'How long do I have to return an item?'),
      message(
        'assistant',
        'You have 30 days from the day your order is delivered to return an item for a full refund.',
      ),
      message('visitor', 'This is the third time I ask, my tent arrived broken and I want a refund NOW!!'),
    ]);
    expect(summary.answered).toEqual([
      'Assistant answered: You have 30 days from the day your order is delivered to return an item for a full refund.',
    ]);
    expect(summary.openQuestions).toEqual([
      'This is the third time I ask, my tent arrived broken and I want a refund NOW!!',
    ]);
    expect(summary.summary).not.toContain('could not answer');
    expect(summary.summary).toMatch(/^The customer is waiting for an answer to: This is the third time I ask/);
  });

  it('suggests no answer to the first, settled question when what is open has no answer in the knowledge', () => {
    const summary = extractiveSummary(transcript, { knowledge });
    expect(summary.suggestedReply).toContain("I've read your conversation");
    expect(summary.suggestedReply).toContain(
      'I\'m looking into "Can you pick it up from my house instead of me posting it?"',
    );
    expect(summary.suggestedReply).not.toContain('Refunds are issued');
    expect(summary.suggestedReply).not.toContain('If your order arrives damaged');
  });

  it('suggests the answer to the open question, not to an earlier one the assistant already answered', () => {
    const summary = extractiveSummary(
      [
        message('visitor', 'When do I get my money back?'),
        message('assistant', 'Refunds are issued within 5 business days after your return reaches our warehouse.'),
        message('visitor', 'OK. And what does return shipping cost from Norway?'),
        message('assistant', NOT_FOUND_ANSWERS.en as string),
      ],
      { knowledge: shopKnowledge },
    );
    expect(summary.openQuestions).toEqual(['And what does return shipping cost from Norway?']);
    expect(summary.suggestedReply).toContain('Returns from other countries cost a flat 9.95 EUR');
    expect(summary.suggestedReply).not.toContain('Refunds are issued');
  });

  it('never splits a sentence at a decimal point, in answers, suggested replies or questions', () => {
    const summary = extractiveSummary(
      [
        message('visitor', 'Is the return from Norway 9.95 EUR? I thought it was free.'),
        message(
          'assistant',
          'Returns from other countries cost a flat 9.95 EUR, deducted from your refund. Returns within the EU are free.',
        ),
        message('visitor', 'Why is the 9.95 fee deducted? It arrived damaged!'),
      ],
      { knowledge: shopKnowledge },
    );
    expect(summary.answered).toEqual([
      'Assistant answered: Returns from other countries cost a flat 9.95 EUR, deducted from your refund.',
    ]);
    expect(summary.openQuestions).toEqual(['Why is the 9.95 fee deducted?']);
    const grounded = extractiveSummary([message('visitor', 'What does return shipping cost from Norway?')], {
      knowledge: shopKnowledge,
    });
    expect(grounded.suggestedReply).toContain(
      'Returns within the EU and the UK are free with our prepaid label. Returns from other countries cost a flat 9.95 EUR, deducted from your refund.',
    );
    expect(grounded.suggestedReply).not.toMatch(/\s95 EUR/);
  });

  it('never suggests again what the assistant already told the customer, and grounds the reply in what is open', () => {
    const summary = extractiveSummary(
      [
        message('visitor', 'When do I get my money back?'),
        message('assistant', 'Refunds are issued within 5 business days after your return reaches our warehouse.'),
        message('visitor', 'Third time asking!! The lamp arrived damaged and I want a replacement NOW'),
      ],
      { knowledge },
    );
    expect(summary.suggestedReply).toContain('If your order arrives damaged, tell us within 14 days with a photo.');
    expect(summary.suggestedReply).not.toContain('Refunds are issued');
  });

  it('without matching knowledge, promises to look into the open question rather than inventing an answer', () => {
    const summary = extractiveSummary([message('visitor', 'Do you have a shop in Oslo?')], { knowledge });
    expect(summary.openQuestions).toEqual(['Do you have a shop in Oslo?']);
    expect(summary.suggestedReply).toContain('I\'m looking into "Do you have a shop in Oslo?"');
    expect(summary.summary).toContain('could not answer');
  });

  it('names why the conversation was handed over', () => {
    const summary = extractiveSummary(transcript, { knowledge, reasons: ['wants-human', 'sentiment'] });
    expect(summary.summary).toContain('Handed over because: wants-human, sentiment.');
  });

  it('fits the handoff context packet: a function of the conversation, transcript and reasons', async () => {
    const summarize = createHandoffSummarizer({ assistant: createOfflineAssistant({ knowledge }) });
    const summary = await summarize({ conversation: { locale: 'de' }, transcript, reasons: ['wants-human'] });
    expect(summary.summary).toContain('Handed over because: wants-human.');
    expect(summary.suggestedReply).toContain('I\'m looking into "Can you pick it up from my house');
  });

  it('is what the offline assistant gives through summarizeForHandoff', async () => {
    const summary = await summarizeForHandoff(transcript, { assistant: createOfflineAssistant({ knowledge }) });
    expect(summary).toEqual(extractiveSummary(transcript, { knowledge }));
  });
});

describe('handoff summary from Claude', () => {
  let server: FakeAnthropicServer;
  beforeEach(async () => {
    server = await startFakeAnthropicServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const claude = () =>
    createAnthropicAssistant({ apiKey: 'test-key', baseURL: server.url, knowledge, retry: { maxAttempts: 1 } });

  it('asks the model in a separate, non-streaming call with the transcript redacted, and returns its note', async () => {
    const note = {
      request: 'Refund for a lamp that arrived cracked (order 100234); also reports a double charge.',
      summary: 'Lamp arrived cracked. Told refund timing. Asked for pickup, which the knowledge does not cover.',
      answered: ['Refund timing: 5 business days after the return arrives.'],
      openQuestions: ['Pickup from home instead of posting', 'Card charged twice'],
      suggestedReply: 'Hi! Sorry about the lamp. We can send a replacement or refund you in full.',
    };
    server.script({ tool: { name: 'handoff_note', input: note } });
    const summary = await summarizeForHandoff(transcript, {
      assistant: claude(),
      locale: 'en',
      reasons: ['wants-human'],
    });
    expect(summary).toEqual({
      ...note,
      citations: [{ id: 'returns#refund-timing', title: 'Refund timing' }],
      source: 'model',
    });

    const [request] = server.requests;
    expect(request?.body.stream).toBeUndefined();
    expect(request?.body.tool_choice).toMatchObject({ type: 'tool', name: 'handoff_note' });
    const content = String(request?.body.messages[0]?.content);
    expect(content).toContain('Customer: I want to talk to a person. My card [card] was charged twice.');
    expect(content).toContain('order 100234');
    expect(content).toContain('[sources: returns#refund-timing]');
    expect(content).not.toContain('4111');
    expect(content).toContain('Handed over because: wants-human.');
  });

  it('falls back to the extractive summary, saying why, when the model refuses, is too slow or writes a malformed note', async () => {
    server.script({ status: 400 });
    const refused = await summarizeForHandoff(transcript, { assistant: claude(), knowledge });
    expect(refused).toEqual({ ...extractiveSummary(transcript, { knowledge }), fallbackReason: 'rejected' });

    server.script({ hang: true });
    const slow = await summarizeForHandoff(transcript, {
      assistant: createAnthropicAssistant({
        apiKey: 'test-key',
        baseURL: server.url,
        knowledge,
        timeouts: { summaryMs: 200 },
      }),
      knowledge,
    });
    expect(slow).toEqual({ ...extractiveSummary(transcript, { knowledge }), fallbackReason: 'timeout' });

    server.script({ tool: { name: 'handoff_note', input: { request: 'x' } } });
    const malformed = await summarizeForHandoff(transcript, { assistant: claude(), knowledge });
    expect(malformed.source).toBe('extractive');
    expect(malformed.fallbackReason).toBe('invalid_output');
  });
});
