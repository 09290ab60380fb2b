// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RELAY_URL, relayForTests, until } from '../../test/relay-for-tests.ts';
import { ChatController } from './controller.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';

describe('an event stream whose token expires', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('picks up again with the renewed token when the relay ends it, without losing the conversation', async () => {
    // Only the clock is moved; timers and the relay run for real.
    vi.useFakeTimers({ toFake: ['Date'] });
    const { fetch, network, events } = relayForTests({ tokenTtlSeconds: 600 });
    const controller = new ChatController({
      relayUrl: RELAY_URL,
      fetch,
      storage: createMemoryStorage(),
      channel: null,
      locks: null,
    });
    try {
      await controller.send('How long do I have to return an item?');
      await until(() => controller.getState().messages.some((m) => m.role === 'assistant' && m.status === 'complete'));
      const conversationId = controller.conversationId;
      const renewals = () => network.requests.filter((request) => request.path.endsWith('/token')).length;

      // The tab slept until the renewal was due; waking up renews at once.
      vi.setSystemTime(Date.now() + 310_000);
      document.dispatchEvent(new Event('visibilitychange'));
      await until(() => renewals() === 1, 5000);

      // Later the first token expires: the relay ends its stream, and the widget comes back with the new one.
      const streamsBefore = network.resumedFrom.length;
      vi.setSystemTime(Date.now() + 300_000);
      await until(() => network.resumedFrom.length > streamsBefore, 5000);
      await until(() => controller.getState().connection === 'open', 5000);

      await controller.send('And how long does shipping take?');
      await until(() => controller.getState().messages.filter((m) => m.role === 'assistant').length === 2, 5000);
      expect(controller.conversationId).toBe(conversationId);
      const answers = (await events(conversationId ?? '')).filter(
        (event) => event.type === 'message' && event.message.role === 'assistant',
      );
      expect(answers).toHaveLength(2);
      // One reconnect for the expiry, not a loop of refused attempts.
      expect(network.resumedFrom.length - streamsBefore).toBe(1);
    } finally {
      controller.destroy();
    }
  }, 20_000);
});
