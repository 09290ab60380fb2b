import { describe, expect, it } from 'vitest';
import type { AssistantPart } from '../assistant/assistant.ts';
import { assistantFromVariables, assistantVariablesSchema } from './assistant.ts';

const knowledge = [{ id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' }];

async function finishOf(showSources: string | undefined) {
  const variables = assistantVariablesSchema.parse(
    showSources === undefined ? {} : { TANDEM_SHOW_SOURCES: showSources },
  );
  const parts: AssistantPart[] = [];
  for await (const part of assistantFromVariables(variables, knowledge).respond({
    conversationId: 'c1',
    messages: [{ id: 'm1', role: 'visitor', text: 'How long do I have to return an item?', createdAt: 'now' }],
    signal: new AbortController().signal,
  }))
    parts.push(part);
  return parts.at(-1);
}

describe('TANDEM_SHOW_SOURCES', () => {
  it('puts the source under the answer when true, and leaves it off by default', async () => {
    expect(await finishOf('true')).toEqual({
      type: 'finish',
      citations: [{ id: 'returns#return-window', title: 'Return window' }],
    });
    expect(await finishOf(undefined)).toEqual({ type: 'finish' });
    expect(await finishOf('0')).toEqual({ type: 'finish' });
  });

  it('refuses a value that is not true or false', () => {
    expect(assistantVariablesSchema.safeParse({ TANDEM_SHOW_SOURCES: 'yes' }).error?.issues[0]?.message).toBe(
      'must be true or false',
    );
  });
});
