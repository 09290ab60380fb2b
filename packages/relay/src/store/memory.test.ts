import { testStore } from '@tandem/relay/test';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory.ts';

testStore({ createStore: () => createMemoryStore(), name: 'memory' });

describe('memory store', () => {
  it('lets go of every listener when subscriptions end', async () => {
    const store = createMemoryStore();
    const id = crypto.randomUUID();
    await store.createConversation({ id, siteId: 's', createdAt: '', mode: 'assistant', identityVerified: false });
    const controllers = Array.from({ length: 100 }, () => new AbortController());
    const running = controllers.map(async (controller) => {
      for await (const _ of store.subscribe(id, 0, controller.signal)) break;
    });
    await store.appendEvent(id, { type: 'typing', role: 'assistant', typing: true });
    await Promise.all(running);
    const waiting = Array.from({ length: 100 }, () => new AbortController());
    const pending = waiting.map(async (controller) => {
      for await (const _ of store.subscribe(id, 1, controller.signal)) {
        // never reached: nothing new is appended
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.statistics().listeners).toBe(100);
    for (const controller of waiting) controller.abort();
    await Promise.all(pending);
    expect(store.statistics().listeners).toBe(0);
  });

  it('sweeps expired keys on later writes, so idempotency keys do not pile up', async () => {
    let time = 1_000_000;
    const store = createMemoryStore({ now: () => time });
    for (let index = 0; index < 500; index++) await store.claimKey(`client-message:${index}`, 'x', 60);
    for (let index = 0; index < 500; index++) await store.incrementCounter(`rate:ip:${index}`, 60);
    expect(store.statistics().keys).toBe(1000);
    time += 61_000;
    await store.setKey('fresh', 'value', 60);
    expect(store.statistics().keys).toBe(1);
  });

  it('forgets idle conversations after their time to live, but never one with a subscriber', async () => {
    let time = 1_000_000;
    const store = createMemoryStore({ now: () => time, conversationTtlSeconds: 3600 });
    const record = (id: string) => ({
      id,
      siteId: 's',
      createdAt: '',
      mode: 'assistant' as const,
      identityVerified: false,
    });
    await store.createConversation(record('idle'));
    await store.createConversation(record('watched'));
    const controller = new AbortController();
    const watching = (async () => {
      for await (const _ of store.subscribe('watched', 0, controller.signal)) {
        // waits for events that never come
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 5));
    time += 3601 * 1000;
    await store.createConversation(record('fresh'));
    expect(await store.getConversation('idle')).toBeUndefined();
    expect(await store.getConversation('watched')).toBeDefined();
    expect(store.statistics().conversations).toBe(2);
    controller.abort();
    await watching;
  });
});
