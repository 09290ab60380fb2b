import type { ConversationMode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory.ts';
import { applyModeChange, canTransition, IllegalTransitionError, MODE_CHANGES } from './state-machine.ts';

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

describe('the table of mode changes', () => {
  const modes: ConversationMode[] = ['assistant', 'waiting', 'human', 'closed'];

  it.each(Object.entries(MODE_CHANGES))('%s names each mode once: as a start, as moot, or not at all', (_, change) => {
    for (const mode of modes) {
      expect(change.from.includes(mode) && change.ignoredIn.includes(mode)).toBe(false);
    }
  });

  it('stores a change and its events together, and refuses one from a mode it may not leave', async () => {
    const store = createMemoryStore();
    const id = crypto.randomUUID();
    await store.createConversation({ id, siteId: 's', createdAt: '', mode: 'assistant', identityVerified: false });
    const request = { reasons: ['visitor_request'], priority: 'normal' as const, source: 'visitor' as const };
    expect(await applyModeChange(store, id, 'handoff-requested', { request })).toMatchObject({ mode: 'waiting' });
    expect(await applyModeChange(store, id, 'handoff-requested', { request })).toBeUndefined();
    await applyModeChange(store, id, 'close', { by: 'visitor' });
    await expect(applyModeChange(store, id, 'hand-back', {})).rejects.toBeInstanceOf(IllegalTransitionError);
    expect((await store.readEvents(id, 0)).map((event) => (event.type === 'mode' ? event.mode : event.type))).toEqual([
      'waiting',
      'handoff',
      'closed',
    ]);
  });

  it('decides again when another change wins the race: a join racing a close never joins a closed conversation', async () => {
    const store = createMemoryStore();
    const id = crypto.randomUUID();
    await store.createConversation({ id, siteId: 's', createdAt: '', mode: 'waiting', identityVerified: false });
    const results = await Promise.allSettled([
      applyModeChange(store, id, 'agent-joined', { agent: { name: 'Maria' } }),
      applyModeChange(store, id, 'close', { by: 'visitor' }),
    ]);
    const record = await store.getConversation(id);
    const modes = (await store.readEvents(id, 0)).flatMap((event) => (event.type === 'mode' ? [event.mode] : []));
    expect(modes.at(-1)).toBe(record?.mode);
    if (record?.mode === 'closed' && modes.length === 1) expect(results[0]?.status).toBe('rejected');
  });
});
