// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RELAY_URL, relayForTests, until } from '../../test/relay-for-tests.ts';
import { ChatController } from './controller.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';

describe('a dropped stream waiting out its backoff', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const [name, wake] of [
    ['becomes visible', () => document.dispatchEvent(new Event('visibilitychange'))],
    ['comes back online', () => window.dispatchEvent(new Event('online'))],
  ] as const) {
    it(`reconnects at once when the tab ${name}`, async () => {
      // The relay asks for 20 s between attempts, and the jitter lands near the top of the range.
      const { fetch, network } = relayForTests({ reconnectDelayMs: 20_000 });
      vi.spyOn(Math, 'random').mockReturnValue(0.95);
      const controller = new ChatController({
        relayUrl: RELAY_URL,
        fetch,
        storage: createMemoryStorage(),
        channel: null,
        locks: null,
      });
      try {
        await controller.send('Hello');
        await until(() => controller.getState().connection === 'open');
        const streamsBefore = network.resumedFrom.length;
        network.cutStreamsAfterChunks = 0;
        await until(() => controller.getState().connection === 'reconnecting');
        network.cutStreamsAfterChunks = undefined;
        // Still waiting out the backoff: no new connection for now.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(network.resumedFrom.length).toBe(streamsBefore);

        wake();
        await until(() => controller.getState().connection === 'open', 2000);
        expect(network.resumedFrom.length).toBe(streamsBefore + 1);
      } finally {
        controller.destroy();
      }
    });
  }
});
