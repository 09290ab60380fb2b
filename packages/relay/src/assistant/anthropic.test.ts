import type { Message } from '@tandem/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAnthropicServer, startFakeAnthropicServer } from '../../test/fake-anthropic-server.ts';
import { type AnthropicAssistantOptions, createAnthropicAssistant, DEFAULT_ANTHROPIC_MODEL } from './anthropic.ts';
import type { AssistantPart } from './assistant.ts';
import { AssistantError } from './errors.ts';
import { SYSTEM_PROMPT_VERSION } from './system-prompt.ts';

const knowledge = [
  {
    id: 'returns',
    markdown:
      '# Returns\n\n## Return window\nYou have 30 days from delivery to return an item.\n\n## Refund timing\nRefunds are issued within 5 business days.',
  },
];

const answer = {
  confidence: 0.92,
  sentiment: 0.1,
  intent: 'question',
  topics: ['returns'],
  citations: ['returns#return-window'],
  answer: 'You have 30 days from delivery to return an item. Start it under Orders in your account.',
};

let server: FakeAnthropicServer;
beforeEach(async () => {
  server = await startFakeAnthropicServer();
});
afterEach(async () => {
  await server.close();
});

function assistant(overrides: Partial<AnthropicAssistantOptions> = {}) {
  return createAnthropicAssistant({
    apiKey: 'test-key',
    baseURL: server.url,
    knowledge,
    merchant: {
      shopName: 'Nordlys',
      brandVoice: 'Warm, brief, first names.',
      rules: ['Never promise a delivery date.'],
      forbiddenTopics: ['legal advice', 'chargebacks'],
    },
    retry: { budgetMs: 5_000, maxAttempts: 3, initialDelayMs: 10 },
    ...overrides,
  });
}

function visitor(text: string, id = 'm1'): Message {
  return { id, role: 'visitor', text, createdAt: '2026-11-22T10:00:00.000Z' };
}

async function collect(
  parts: AsyncIterable<AssistantPart>,
): Promise<{ parts: AssistantPart[]; error: AssistantError | undefined }> {
  const seen: AssistantPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { parts: seen, error: undefined };
  } catch (error) {
    if (!AssistantError.isInstance(error)) throw error;
    return { parts: seen, error };
  }
}

function ask(text: string, overrides: Partial<AnthropicAssistantOptions> = {}) {
  return collect(
    assistant(overrides).respond({
      conversationId: 'c1',
      locale: 'en',
      messages: [visitor(text)],
      signal: new AbortController().signal,
    }),
  );
}

const textOf = (parts: AssistantPart[]) =>
  parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join('');

describe('Claude assistant, streamed through the real SDK', () => {
  it('yields the assessment first, then the answer in pieces as it streams, then finish', async () => {
    server.script({ tool: { input: answer }, chunkSize: 7 });
    const { parts, error } = await ask('How long do I have to return something?');
    expect(error).toBeUndefined();
    expect(parts[0]).toEqual({
      type: 'assessment',
      assessment: {
        confidence: 0.92,
        sentiment: 0.1,
        intent: 'question',
        topics: ['returns'],
        citations: [{ id: 'returns#return-window', title: 'Return window' }],
      },
    });
    const deltas = parts.filter((part) => part.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(5);
    expect(textOf(parts)).toBe(answer.answer);
    expect(parts.at(-1)).toEqual({ type: 'finish' });
    expect(parts.filter((part) => part.type === 'assessment')).toHaveLength(1);
  });

  it('sends the merchant configuration, the knowledge with ids, and forces the assessment tool', async () => {
    server.script({ tool: { input: answer } });
    await ask('How long do I have to return something?');
    const [request] = server.requests;
    const body = request?.body;
    expect(body?.model).toBe(DEFAULT_ANTHROPIC_MODEL);
    expect(body?.stream).toBe(true);
    expect(body?.temperature).toBeUndefined();
    expect(request?.headers['anthropic-version']).toBe('2026-10-21');
    expect(body?.max_tokens).toBe(1024);
    const system = ((body?.system ?? []) as Array<{ text: string }>).map((block) => block.text);
    expect(system[0]).toContain('<section id="returns#return-window" title="Return window">');
    expect(system[0]).toContain('<section id="returns#refund-timing" title="Refund timing">');
    expect(system[1]).toContain('Nordlys');
    expect(system[1]).toContain('Warm, brief, first names.');
    expect(system[1]).toContain('- Never promise a delivery date.');
    expect(system[1]).toContain('- legal advice');
    expect(system[1]).toContain('browser language is "en"');
    expect(body?.tool_choice).toMatchObject({ type: 'tool', name: 'answer_customer' });
    const tool = body?.tools?.[0] as unknown as {
      name: string;
      input_schema: { properties: object; required: string[] };
    };
    expect(tool.name).toBe('answer_customer');
    expect(Object.keys(tool.input_schema.properties)).toEqual([
      'confidence',
      'sentiment',
      'intent',
      'topics',
      'citations',
      'answer',
    ]);
    expect(request?.headers.authorization ?? request?.headers['x-api-key']).toMatch(/test-key$/);
    expect(body?.messages).toEqual([{ role: 'user', content: 'How long do I have to return something?' }]);
  });

  it('sends only the sections relevant to the question when the knowledge is larger than its budget', async () => {
    const filler = Array.from(
      { length: 40 },
      (_, n) => `## Care guide ${n}\n${'Wash at 30 degrees, dry flat, no tumble dryer. '.repeat(20)}`,
    ).join('\n\n');
    server.script({ tool: { input: answer } });
    await ask('How long do I have to return something?', {
      knowledge: [...knowledge, { id: 'care', markdown: filler }],
      maxKnowledgeCharacters: 3_000,
    });
    const system = ((server.requests[0]?.body.system ?? []) as Array<{ text: string }>).map((block) => block.text);
    expect(system[0]).toContain('<section id="returns#return-window"');
    expect(system[0]).not.toContain('care#care-guide');
    expect(system[0]?.length).toBeLessThan(3_500);
  });

  it('reports the model and the system prompt version for the audit log', () => {
    const claude = assistant({ model: 'claude-haiku-5-5' });
    expect(claude).toMatchObject({
      name: 'anthropic',
      model: 'claude-haiku-5-5',
      promptVersion: SYSTEM_PROMPT_VERSION,
    });
  });

  it('drops cited ids that are not in the knowledge and lowers the confidence', async () => {
    server.script({ tool: { input: { ...answer, citations: ['returns#return-window', 'returns#free-money'] } } });
    const { parts } = await ask('Can I return it?');
    const assessment = parts[0]?.type === 'assessment' ? parts[0].assessment : undefined;
    expect(assessment?.citations).toEqual([{ id: 'returns#return-window', title: 'Return window' }]);
    expect(assessment?.unknownCitations).toEqual(['returns#free-money']);
    expect(assessment?.confidence).toBeCloseTo(0.46);
  });

  it('is never confident about an answer that cites no section of the knowledge, whatever the model says', async () => {
    server.script(
      { tool: { input: { ...answer, confidence: 0.95, citations: [] } } },
      { tool: { input: { ...answer, confidence: 0.95, citations: ['returns#made-up'] } } },
      { tool: { input: { ...answer, confidence: 0.9, intent: 'smalltalk', citations: [] } } },
    );
    const confidenceOf = async (question: string) => {
      const { parts } = await ask(question);
      return parts[0]?.type === 'assessment' ? parts[0].assessment.confidence : undefined;
    };
    expect(await confidenceOf('Do you sell bicycles?')).toBe(0);
    expect(await confidenceOf('Is there a student discount?')).toBe(0);
    // Small talk needs no source, and the policy never counts it as unsure.
    expect(await confidenceOf('thanks!')).toBe(0.9);
  });

  it('redacts card numbers, IBANs, e-mails and phone numbers before the text leaves, keeping order numbers', async () => {
    server.script({ tool: { input: answer } }, { tool: { input: answer } });
    await ask('Card 4111 1111 1111 1111 charged twice for order 100234, mail me at ana@example.com or +49 30 1234567');
    expect(server.requests[0]?.body.messages[0]?.content).toBe(
      'Card [card] charged twice for order 100234, mail me at [email] or [phone]',
    );
    await ask('IBAN DE89 3704 0044 0532 0130 00', { redact: false });
    expect(server.requests[1]?.body.messages[0]?.content).toBe('IBAN DE89 3704 0044 0532 0130 00');
  });

  it('sends the conversation as alternating turns, marking what a person said and leaving system notices out', async () => {
    server.script({ tool: { input: answer } });
    const messages: Message[] = [
      { id: 'a0', role: 'assistant', text: 'Hi! How can I help?', createdAt: '2026-11-22T09:59:00.000Z' },
      visitor('My parcel is late', 'm1'),
      visitor('It was due Monday', 'm2'),
      { id: 's1', role: 'system', text: 'A person will join shortly.', createdAt: '2026-11-22T10:01:00.000Z' },
      {
        id: 'g1',
        role: 'agent',
        text: 'I am checking with the carrier.',
        createdAt: '2026-11-22T10:02:00.000Z',
        author: { name: 'Maja' },
      },
      visitor('Any news?', 'm3'),
    ];
    await collect(assistant().respond({ conversationId: 'c1', messages, signal: new AbortController().signal }));
    expect(server.requests[0]?.body.messages).toEqual([
      { role: 'user', content: 'My parcel is late\n\nIt was due Monday' },
      { role: 'assistant', content: '[Maja, a person from the team] I am checking with the carrier.' },
      { role: 'user', content: 'Any news?' },
    ]);
  });

  it('puts the cited sources on the finished answer when configured to show them', async () => {
    server.script({ tool: { input: answer } });
    const { parts } = await ask('Return window?', { showSources: true });
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      citations: [{ id: 'returns#return-window', title: 'Return window' }],
    });
  });

  it('decodes escapes, accents and emoji split across stream chunks', async () => {
    const tricky = 'Sí — "30 días"\nPaso 1: ábrelo 😀 y listo \\ fin';
    server.script({
      tool: { input: JSON.stringify({ ...answer, answer: tricky }).replace('😀', '\\ud83d\\ude00') },
      chunkSize: 3,
    });
    const { parts } = await ask('¿Devoluciones?');
    expect(textOf(parts)).toBe(tricky);
    expect(parts.some((part) => part.type === 'text-delta' && /[\ud800-\udbff]$/.test(part.text))).toBe(false);
  });

  it('holds the text back until the assessment is complete when the model writes the answer first', async () => {
    server.script({
      tool: {
        input: `{"answer":"Thirty days.","confidence":0.8,"sentiment":0,"intent":"question","topics":[],"citations":["returns#return-window"]}`,
      },
      chunkSize: 5,
    });
    const { parts } = await ask('Return window?');
    expect(parts.map((part) => part.type)).toEqual(['assessment', 'text-delta', 'finish']);
    expect(textOf(parts)).toBe('Thirty days.');
  });

  it('sends a temperature only when set, which the current API version refuses and an older one accepts', async () => {
    server.script({ tool: { input: answer } });
    const refused = await ask('Return window?', { temperature: 0.3 });
    expect(refused.error).toMatchObject({ code: 'rejected', retryable: false });
    expect(refused.error?.message).toContain('temperature: Extra inputs are not permitted');
    const accepted = await ask('Return window?', { temperature: 0.3, headers: { 'anthropic-version': '2023-06-01' } });
    expect(accepted.error).toBeUndefined();
    expect(server.requests.at(-1)?.body.temperature).toBe(0.3);
  });

  it('refuses invalid options with a clear message', () => {
    expect(() => createAnthropicAssistant({ apiKey: 'k', temperature: 3 })).toThrow(/temperature/);
    expect(() => createAnthropicAssistant({ apiKey: '' })).toThrow(/apiKey/);
  });
});

describe('Claude assistant failures', () => {
  it('retries an overloaded API (HTTP 529) and answers from the next attempt', async () => {
    server.script({ status: 529 }, { tool: { input: answer } });
    const { parts, error } = await ask('Return window?');
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe(answer.answer);
    expect(server.requests).toHaveLength(2);
  });

  it('retries an overloaded_error event that arrives before any answer text', async () => {
    server.script(
      { tool: { input: answer }, errorEventAfter: { characters: 20, type: 'overloaded_error' } },
      {
        tool: { input: answer },
      },
    );
    const { parts, error } = await ask('Return window?');
    expect(error).toBeUndefined();
    expect(parts.filter((part) => part.type === 'assessment')).toHaveLength(1);
    expect(textOf(parts)).toBe(answer.answer);
  });

  it('gives up after the configured attempts with a typed, retryable error and no text', async () => {
    server.script({ status: 500 }, { status: 503 }, { status: 529 });
    const { parts, error } = await ask('Return window?');
    expect(parts).toEqual([]);
    expect(error).toMatchObject({ code: 'overloaded', retryable: true, partial: false, attempts: 3 });
  });

  it('does not retry a request the API refuses (bad API key)', async () => {
    server.script({ tool: { input: answer } });
    const { error } = await collect(
      createAnthropicAssistant({ apiKey: 'wrong', baseURL: server.url }).respond({
        conversationId: 'c1',
        messages: [visitor('hi')],
        signal: new AbortController().signal,
      }),
    );
    expect(error).toMatchObject({ code: 'rejected', retryable: false, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('never presents a stream cut mid-answer as complete: no finish, a partial cut_off error, no retry', async () => {
    const cutAt = JSON.stringify(answer).indexOf('return an item');
    server.script({ tool: { input: answer }, cutAfter: cutAt, chunkSize: 10 }, { tool: { input: answer } });
    const { parts, error } = await ask('Return window?');
    expect(parts.some((part) => part.type === 'text-delta')).toBe(true);
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(error).toMatchObject({ code: 'cut_off', partial: true, retryable: false });
    expect(server.pending).toBe(1);
  });

  it('retries a stream cut before the answer began', async () => {
    server.script({ tool: { input: answer }, cutAfter: 15 }, { tool: { input: answer } });
    const { parts, error } = await ask('Return window?');
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe(answer.answer);
  });

  it('times out a model that goes silent, then retries', async () => {
    server.script({ tool: { input: answer }, stallAfter: 10 }, { tool: { input: answer } });
    const { parts, error } = await ask('Return window?', { timeouts: { firstEventMs: 2_000, idleMs: 150 } });
    expect(error).toBeUndefined();
    expect(textOf(parts)).toBe(answer.answer);
    expect(server.requests).toHaveLength(2);
  });

  it('times out a model that never answers and reports it once the budget is spent', async () => {
    server.script({ hang: true }, { hang: true });
    const { error } = await ask('Return window?', {
      timeouts: { firstEventMs: 100, idleMs: 100 },
      retry: { budgetMs: 1_000, maxAttempts: 2, initialDelayMs: 10 },
    });
    expect(error).toMatchObject({ code: 'timeout', retryable: true, attempts: 2, partial: false });
  });

  it('gives up at the retry budget even when one attempt would wait longer', async () => {
    server.script({ hang: true });
    const started = Date.now();
    const { error } = await ask('Return window?', {
      timeouts: { firstEventMs: 10_000, idleMs: 10_000 },
      retry: { budgetMs: 300, maxAttempts: 3, initialDelayMs: 10 },
    });
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ code: 'timeout', attempts: 1, partial: false });
    expect(elapsed).toBeLessThan(5_000);
  });

  it('treats an answer longer than maxTokens as cut off', async () => {
    server.script({ tool: { input: answer }, stopReason: 'max_tokens' });
    const { parts, error } = await ask('Return window?');
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(error).toMatchObject({ code: 'cut_off', partial: true });
  });

  it('does not retry, or complete, an answer the model declined to give', async () => {
    server.script({ tool: { input: answer }, stopReason: 'refusal' }, { tool: { input: answer } });
    const { parts, error } = await ask('Return window?');
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
    expect(error).toMatchObject({ code: 'rejected', retryable: false, attempts: 1 });
    expect(server.pending).toBe(1);
  });

  it('reports a malformed assessment as invalid output', async () => {
    const bad = { ...answer, confidence: 7 };
    server.script({ tool: { input: bad } }, { tool: { input: bad } }, { tool: { input: bad } });
    const { parts, error } = await ask('Return window?');
    expect(parts).toEqual([]);
    expect(error).toMatchObject({ code: 'invalid_output', attempts: 3 });
  });

  it('stops at once when the caller aborts', async () => {
    server.script({ tool: { input: answer }, delayMs: 30 });
    const controller = new AbortController();
    const parts: AssistantPart[] = [];
    let failure: unknown;
    try {
      for await (const part of assistant().respond({
        conversationId: 'c1',
        messages: [visitor('hi')],
        signal: controller.signal,
      })) {
        parts.push(part);
        if (part.type === 'text-delta') controller.abort();
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'aborted' });
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });
});
