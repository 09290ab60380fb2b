import type { ConversationMode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { canTransition, IllegalTransitionError } from './state-machine.ts';

describe('conversation state machine', () => {
  const cases: [ConversationMode, ConversationMode, boolean][] = [
    ['assistant', 'waiting', true],
    ['assistant', 'human', true],
    ['assistant', 'closed', true],
    ['waiting', 'human', true],
    ['waiting', 'assistant', true],
    ['waiting', 'closed', true],
    ['human', 'assistant', true],
    ['human', 'closed', true],
    ['human', 'waiting', false],
    ['closed', 'assistant', true],
    ['closed', 'waiting', false],
    ['closed', 'human', false],
  ];
  it.each(cases)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('reports an illegal change as a conflict naming the current mode', () => {
    const error = new IllegalTransitionError('closed', 'waiting', 'ask for a person');
    expect(error).toMatchObject({ code: 'conflict', status: 409, from: 'closed', to: 'waiting' });
    expect(error.publicMessage).toBe('Cannot ask for a person: the conversation is closed.');
  });
});
