import { describe, expect, it } from 'vitest';
import { RELAY_URL, relayForTests, until } from '../../../test/relay-for-tests.ts';
import { ChatController } from '../controller.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';

describe('an event stream that keeps breaking', () => {
  it('resumes after every drop from the last event seen, showing each message once and whole', async () => {
    // Paced slower than the relay's 32 ms delta window, so the answer arrives as many deltas over many reconnects.
    const { fetch, network, events } = relayForTests({ wordDelayMs: 15 });
    // Every connection breaks after three chunks: the answer arrives over many reconnects.
    network.cutStreamsAfterChunks = 3;
    const controller = new ChatController({
      relayUrl: RELAY_URL,
      fetch,
      storage: createMemoryStorage(),
      channel: null,
      locks: null,
    });
    const whileStreaming: string[] = [];
    controller.subscribe((state) => {
      for (const m of state.messages) if (m.status === 'streaming') whileStreaming.push(m.text);
    });
    try {
      await controller.send('How long do I have to return an item?');
      await until(
        () => controller.getState().messages.some((m) => m.role === 'assistant' && m.status === 'complete'),
        10_000,
      );
      const log = await events(controller.conversationId ?? '');
      const answer = log.flatMap((e) => (e.type === 'message' && e.message.role === 'assistant' ? [e.message] : []));
      expect(controller.getState().messages.map((m) => [m.role, m.text])).toEqual([
        ['visitor', 'How long do I have to return an item?'],
        ['assistant', answer[0]?.text],
      ]);
      // Every partial answer shown was the start of the real one: no piece repeated, none skipped.
      expect(whileStreaming.length).toBeGreaterThan(3);
      for (const partial of whileStreaming) expect(answer[0]?.text.startsWith(partial)).toBe(true);
      // Many reconnects, each from a later event than the one before.
      const resumed = network.resumedFrom.filter((id) => id !== null).map(Number);
      expect(resumed.length).toBeGreaterThan(3);
      expect(resumed).toEqual([...resumed].sort((a, b) => a - b));
    } finally {
      controller.destroy();
    }
  }, 15_000);
});
