import type { ConversationEvent, NewConversationEvent } from '@tandem/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationRecord, ConversationStore, VisitorMessageInput } from '../src/store/store.ts';
import { visitorMessageInput } from './visitor-message-input.ts';

export interface TestStoreOptions {
  /** Makes a fresh, empty store for each test. */
  createStore: () => ConversationStore | Promise<ConversationStore>;
  /** Names the suite; default the store's own name. */
  name?: string;
}

/**
 * The behaviour every ConversationStore must show, as one vitest suite: run it against your store to prove it can
 * back a relay.
 *
 * @example
 * import { testStore } from '@tandem/relay/test';
 * testStore({ createStore: () => createRedisStore({ url }) });
 */
export function testStore({ createStore, name }: TestStoreOptions): void {
  describe(`ConversationStore conformance${name ? ` (${name})` : ''}`, () => {
    let store: ConversationStore;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store.close?.();
    });

    describe('conversation records', () => {
      it('stores a record and returns a copy the caller cannot change', async () => {
        const record = newRecord();
        await store.createConversation(record);
        const read = await store.getConversation(record.id);
        expect(read).toEqual(record);
        if (read) read.mode = 'closed';
        expect((await store.getConversation(record.id))?.mode).toBe('assistant');
      });

      it('returns undefined for an unknown conversation and refuses to create one twice', async () => {
        expect(await store.getConversation(crypto.randomUUID())).toBeUndefined();
        const record = newRecord();
        await store.createConversation(record);
        await expect(store.createConversation(record)).rejects.toThrow();
      });

      it('merges an update and returns the updated record', async () => {
        const record = newRecord({ locale: 'en' });
        await store.createConversation(record);
        const updated = await store.updateConversation(record.id, {
          mode: 'waiting',
          handoff: {
            status: 'requested',
            reasons: ['visitor_request'],
            priority: 'normal',
            source: 'visitor',
            requestedAt: '2026-01-01T00:00:00.000Z',
          },
        });
        expect(updated).toEqual({
          ...record,
          mode: 'waiting',
          handoff: expect.objectContaining({ status: 'requested' }),
        });
        expect(await store.getConversation(record.id)).toEqual(updated);
      });

      it('applies a conditional update only from the named modes', async () => {
        const record = newRecord();
        await store.createConversation(record);
        expect(await store.updateConversation(record.id, { mode: 'human' }, { ifModeIn: ['waiting'] })).toBeUndefined();
        expect((await store.getConversation(record.id))?.mode).toBe('assistant');
        expect(
          await store.updateConversation(record.id, { mode: 'waiting' }, { ifModeIn: ['assistant'] }),
        ).toMatchObject({ mode: 'waiting' });
      });

      it("clears a message's awaiting-answer note only while it is still that message's", async () => {
        const record = newRecord();
        await store.createConversation(record);
        const first = crypto.randomUUID();
        const newer = crypto.randomUUID();
        await store.updateConversation(record.id, { awaitingAnswer: first });
        // A newer message set its own note between the first answer's read and its clearing write.
        await store.updateConversation(record.id, { awaitingAnswer: newer });
        expect(
          await store.updateConversation(record.id, { awaitingAnswer: undefined }, { ifAwaitingAnswer: first }),
        ).toBeUndefined();
        expect((await store.getConversation(record.id))?.awaitingAnswer).toBe(newer);
        expect(
          await store.updateConversation(record.id, { awaitingAnswer: undefined }, { ifAwaitingAnswer: newer }),
        ).toBeDefined();
        expect((await store.getConversation(record.id))?.awaitingAnswer).toBeUndefined();
      });

      it('lets exactly one of many racing conditional updates win', async () => {
        const record = newRecord();
        await store.createConversation(record);
        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            store.updateConversation(record.id, { mode: 'waiting' }, { ifModeIn: ['assistant'] }),
          ),
        );
        expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      });

      it('refuses to update an unknown conversation', async () => {
        await expect(store.updateConversation(crypto.randomUUID(), { mode: 'closed' })).rejects.toThrow();
      });
    });

    describe('transitions', () => {
      it('patches the record and appends the events together, with the next ids', async () => {
        const record = await created(store);
        await store.appendEvent(record.id, typing(true));
        const result = await store.transition(record.id, {
          ifModeIn: ['assistant'],
          patch: { mode: 'waiting' },
          events: [
            { type: 'mode', mode: 'waiting' },
            { type: 'handoff', status: 'requested', reasons: ['visitor_request'] },
          ],
        });
        expect(result?.record).toEqual({ ...record, mode: 'waiting' });
        expect(result?.events.map((event) => [event.id, event.type])).toEqual([
          [2, 'mode'],
          [3, 'handoff'],
        ]);
        expect(await store.getConversation(record.id)).toEqual(result?.record);
        expect(await store.readEvents(record.id, 1)).toEqual(result?.events);
      });

      it('changes nothing, record or log, when the mode is not one of the named ones', async () => {
        const record = await created(store);
        const result = await store.transition(record.id, {
          ifModeIn: ['human'],
          patch: { mode: 'assistant', closedBy: 'agent' },
          events: [{ type: 'mode', mode: 'assistant' }],
        });
        expect(result).toBeUndefined();
        expect(await store.getConversation(record.id)).toEqual(record);
        expect(await store.readEvents(record.id, 0)).toEqual([]);
      });

      it('refuses a transition of an unknown conversation', async () => {
        await expect(
          store.transition(crypto.randomUUID(), {
            patch: { mode: 'closed' },
            events: [{ type: 'mode', mode: 'closed' }],
          }),
        ).rejects.toThrow();
      });

      it('lets one of many racing transitions win whole, and no loser leaves an event behind', async () => {
        const record = await created(store);
        const racers = Array.from({ length: 20 }, (_, index) =>
          store.transition(record.id, {
            ifModeIn: ['assistant'],
            patch: index % 2 === 0 ? { mode: 'waiting' } : { mode: 'closed', closedBy: 'visitor' },
            events:
              index % 2 === 0
                ? [
                    { type: 'mode', mode: 'waiting' },
                    { type: 'handoff', status: 'requested', reasons: [`racer-${index}`] },
                  ]
                : [{ type: 'mode', mode: 'closed' }],
          }),
        );
        // Plain appends run among them: the winner's events still come out next to each other.
        const appends = Array.from({ length: 10 }, (_, index) => store.appendEvent(record.id, delta(index)));
        const results = await Promise.all(racers);
        await Promise.all(appends);
        const winners = results.filter((result) => result !== undefined);
        expect(winners).toHaveLength(1);
        const winner = winners[0];
        const current = await store.getConversation(record.id);
        expect(current?.mode).toBe(winner?.record.mode);
        const log = await store.readEvents(record.id, 0);
        const changes = log.filter((event) => event.type !== 'message-delta');
        expect(changes).toEqual(winner?.events);
        const ids = changes.map((event) => event.id);
        expect(ids).toEqual(ids.map((_, index) => (ids[0] ?? 0) + index));
        expect(log.map((event) => event.id)).toEqual(Array.from({ length: log.length }, (_, i) => i + 1));
      });

      it("delivers a transition's events to live subscribers in order", async () => {
        const record = await created(store);
        const controller = new AbortController();
        const seen = collect(store.subscribe(record.id, 0, controller.signal), 2, controller);
        await new Promise((resolve) => setTimeout(resolve, 10));
        await store.transition(record.id, {
          patch: { mode: 'closed', closedBy: 'agent' },
          events: [
            { type: 'handoff', status: 'failed', reasons: ['x'] },
            { type: 'mode', mode: 'closed' },
          ],
        });
        expect((await seen).map((event) => event.type)).toEqual(['handoff', 'mode']);
      });
    });

    describe('event log', () => {
      it('gives events increasing ids from 1 and a time', async () => {
        const record = await created(store);
        const first = await store.appendEvent(record.id, typing(true));
        const second = await store.appendEvent(record.id, typing(false));
        expect([first.id, second.id]).toEqual([1, 2]);
        expect(Date.parse(first.createdAt)).not.toBeNaN();
        expect(await store.readEvents(record.id, 0)).toEqual([first, second]);
      });

      it('never gives two events the same id, even when appended at once', async () => {
        const record = await created(store);
        const events = await Promise.all(
          Array.from({ length: 50 }, (_, index) => store.appendEvent(record.id, delta(index))),
        );
        expect(events.map((event) => event.id).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
        expect((await store.readEvents(record.id, 0)).map((event) => event.id)).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
      });

      it('reads only the events after an id', async () => {
        const record = await created(store);
        for (let index = 0; index < 5; index++) await store.appendEvent(record.id, delta(index));
        expect((await store.readEvents(record.id, 3)).map((event) => event.id)).toEqual([4, 5]);
        expect(await store.readEvents(record.id, 5)).toEqual([]);
      });

      it('holds messages, not words: a final message replaces its deltas, and a resume after one gets it', async () => {
        const record = await created(store);
        await store.appendEvent(record.id, typing(true));
        for (const word of ['Thirty ', 'days ', 'from ', 'delivery.']) {
          await store.appendEvent(record.id, { type: 'message-delta', messageId: 'answer', delta: word });
        }
        await store.appendEvent(record.id, typing(false));
        const final = await store.appendEvent(record.id, {
          type: 'message',
          message: { id: 'answer', role: 'assistant', text: 'Thirty days from delivery.', createdAt: record.createdAt },
        });
        expect(final.id).toBe(7);
        expect((await store.readEvents(record.id, 0)).map((event) => [event.id, event.type])).toEqual([
          [1, 'typing'],
          [6, 'typing'],
          [7, 'message'],
        ]);
        // A widget that saw "Thirty days " (up to id 3) resumes and gets the whole message once.
        expect((await store.readEvents(record.id, 3)).map((event) => event.id)).toEqual([6, 7]);
        expect((await store.appendEvent(record.id, typing(true))).id).toBe(8);
      });

      it('forgets a conversation and its events on request', async () => {
        const record = await created(store);
        await store.appendEvent(record.id, typing(true));
        expect(await store.deleteConversation(record.id)).toBe(true);
        expect(await store.getConversation(record.id)).toBeUndefined();
        expect(await store.deleteConversation(record.id)).toBe(false);
      });

      it('keeps each conversation its own log', async () => {
        const a = await created(store);
        const b = await created(store);
        await store.appendEvent(a.id, delta(1));
        const onB = await store.appendEvent(b.id, delta(2));
        expect(onB.id).toBe(1);
        expect(await store.readEvents(a.id, 0)).toHaveLength(1);
      });
    });

    describe('subscriptions', () => {
      it('replays the events after an id, then follows new ones live, in order', async () => {
        const record = await created(store);
        for (let index = 0; index < 3; index++) await store.appendEvent(record.id, delta(index));
        const controller = new AbortController();
        const seen = collect(store.subscribe(record.id, 1, controller.signal), 4, controller);
        await store.appendEvent(record.id, delta(3));
        await store.appendEvent(record.id, delta(4));
        expect((await seen).map((event) => event.id)).toEqual([2, 3, 4, 5]);
      });

      it('misses nothing and repeats nothing appended while the replay runs', async () => {
        const record = await created(store);
        for (let index = 0; index < 20; index++) await store.appendEvent(record.id, delta(index));
        const controller = new AbortController();
        const seen = collect(store.subscribe(record.id, 0, controller.signal), 40, controller);
        await Promise.all(Array.from({ length: 20 }, (_, index) => store.appendEvent(record.id, delta(20 + index))));
        expect((await seen).map((event) => event.id)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      });

      it('ends when its signal aborts, even while waiting for events', async () => {
        const record = await created(store);
        await store.appendEvent(record.id, delta(0));
        const controller = new AbortController();
        const seen: ConversationEvent[] = [];
        const done = (async () => {
          for await (const event of store.subscribe(record.id, 0, controller.signal)) seen.push(event);
        })();
        await waitFor(() => seen.length === 1);
        controller.abort();
        await done;
        expect(seen.map((event) => event.id)).toEqual([1]);
      });

      it('delivers the same events to every subscriber', async () => {
        const record = await created(store);
        const controllers = [new AbortController(), new AbortController()];
        const seen = controllers.map((controller) =>
          collect(store.subscribe(record.id, 0, controller.signal), 3, controller),
        );
        for (let index = 0; index < 3; index++) await store.appendEvent(record.id, delta(index));
        const [first, second] = await Promise.all(seen);
        expect(first).toEqual(second);
        expect(first?.map((event) => event.id)).toEqual([1, 2, 3]);
      });
    });

    // Only for stores that check and store a visitor's message in one call; the others take the separate calls.
    describe('a visitor message accepted at once', () => {
      const accept = (conversationId: string, input: VisitorMessageInput) => {
        if (!store.acceptVisitorMessage) throw new Error('this store has no acceptVisitorMessage');
        return store.acceptVisitorMessage(conversationId, input);
      };
      const messages = async (conversationId: string) =>
        (await store.readEvents(conversationId, 0)).flatMap((event) =>
          event.type === 'message' ? [event.message] : [],
        );

      it('stores the message awaiting its answer, hands back the log and tells live subscribers', async (context) => {
        if (!store.acceptVisitorMessage) context.skip();
        const record = await created(store);
        await store.appendEvent(record.id, typing(false));
        const controller = new AbortController();
        const live = collect(store.subscribe(record.id, 1, controller.signal), 1, controller);
        await new Promise((resolve) => setTimeout(resolve, 10));
        const input = visitorMessageInput(record.id, 'one');
        const accepted = await accept(record.id, input);
        expect(accepted.outcome).toBe('stored');
        if (accepted.outcome !== 'stored') return;
        expect(accepted.record).toEqual({ ...record, awaitingAnswer: input.message.id });
        expect(accepted.events.map((event) => [event.id, event.type])).toEqual([
          [1, 'typing'],
          [2, 'message'],
        ]);
        expect(accepted.events.at(-1)).toMatchObject({ type: 'message', message: input.message });
        expect(await store.readEvents(record.id, 0)).toEqual(accepted.events);
        expect(await store.getConversation(record.id)).toEqual(accepted.record);
        expect(await live).toEqual(accepted.events.slice(1));
      });

      it('returns the stored message to a retry with the same client message id and appends nothing', async (context) => {
        if (!store.acceptVisitorMessage) context.skip();
        const record = await created(store);
        const first = visitorMessageInput(record.id, 'one');
        await accept(record.id, first);
        // The widget's retry carries the same client message id; the relay gives every send a fresh message id.
        const retry = visitorMessageInput(record.id, 'one');
        expect(await accept(record.id, retry)).toEqual({ outcome: 'duplicate', message: first.message });
        expect(await messages(record.id)).toEqual([first.message]);
        expect((await store.getConversation(record.id))?.awaitingAnswer).toBe(first.message.id);
        // Even once the conversation is full: the retry is told its message is there, not that there is no room.
        await store.appendEvent(record.id, typing(true));
        expect(await accept(record.id, { ...visitorMessageInput(record.id, 'one'), maxEvents: 1 })).toEqual({
          outcome: 'duplicate',
          message: first.message,
        });
      });

      it('stores one message when the same send arrives many times at once', async (context) => {
        if (!store.acceptVisitorMessage) context.skip();
        const record = await created(store);
        const sends = Array.from({ length: 10 }, () => visitorMessageInput(record.id, 'double-tap'));
        const outcomes = await Promise.all(sends.map((input) => accept(record.id, input)));
        const stored = outcomes.filter((outcome) => outcome.outcome === 'stored');
        expect(stored).toHaveLength(1);
        const [kept] = await messages(record.id);
        expect(await messages(record.id)).toHaveLength(1);
        for (const outcome of outcomes.filter((candidate) => candidate.outcome !== 'stored')) {
          expect(outcome).toEqual({ outcome: 'duplicate', message: kept });
        }
      });

      it('refuses a send past the rate limit, storing nothing, and says when the window ends', async (context) => {
        if (!store.acceptVisitorMessage) context.skip();
        const record = await created(store);
        const before = Date.now();
        const limited = (clientMessageId: string) => ({
          ...visitorMessageInput(record.id, clientMessageId),
          rateLimit: { limit: 2, windowSeconds: 60 },
        });
        const second = limited('two');
        expect((await accept(record.id, limited('one'))).outcome).toBe('stored');
        expect((await accept(record.id, second)).outcome).toBe('stored');
        const refused = await accept(record.id, limited('three'));
        expect(refused.outcome).toBe('rate-limited');
        if (refused.outcome !== 'rate-limited') return;
        expect(refused.resetAt).toBeGreaterThanOrEqual(before + 59_000);
        expect(refused.resetAt).toBeLessThanOrEqual(Date.now() + 60_000);
        expect((await messages(record.id)).map((message) => message.clientMessageId)).toEqual(['one', 'two']);
        expect((await store.getConversation(record.id))?.awaitingAnswer).toBe(second.message.id);
        // A retry counts too: it is refused while the window lasts, even for a message that is stored.
        expect((await accept(record.id, limited('one'))).outcome).toBe('rate-limited');
      });

      it('refuses a conversation whose log passed the cap on events, changing nothing', async (context) => {
        if (!store.acceptVisitorMessage) context.skip();
        const record = await created(store);
        await store.appendEvent(record.id, typing(true));
        await store.appendEvent(record.id, typing(false));
        const before = await store.readEvents(record.id, 0);
        expect(await accept(record.id, { ...visitorMessageInput(record.id, 'one'), maxEvents: 1 })).toEqual({
          outcome: 'full',
        });
        expect(await store.readEvents(record.id, 0)).toEqual(before);
        expect(await store.getConversation(record.id)).toEqual(record);
        // At the cap, not past it, there is still room; the refused message's client id was not taken.
        expect((await accept(record.id, { ...visitorMessageInput(record.id, 'one'), maxEvents: 2 })).outcome).toBe(
          'stored',
        );
      });

      it('refuses an unknown conversation and another site, and leaves other modes to the separate calls', async (context) => {
        if (!store.acceptVisitorMessage) context.skip();
        const record = await created(store);
        expect(await accept(crypto.randomUUID(), visitorMessageInput(record.id, 'one'))).toEqual({
          outcome: 'unknown-conversation',
        });
        expect(await accept(record.id, { ...visitorMessageInput(record.id, 'one'), siteId: 'elsewhere' })).toEqual({
          outcome: 'other-site',
        });
        const waiting = await store.updateConversation(record.id, { mode: 'waiting' });
        expect(await accept(record.id, visitorMessageInput(record.id, 'one'))).toEqual({
          outcome: 'elsewhere',
          record: waiting,
        });
        expect(await store.readEvents(record.id, 0)).toEqual([]);
        expect(await store.getConversation(record.id)).toEqual(waiting);
      });
    });

    describe('keys and counters', () => {
      it('claims a key once and returns the first value to later claims', async () => {
        expect(await store.claimKey('client-message:c:m1', 'first', 60)).toBeUndefined();
        expect(await store.claimKey('client-message:c:m1', 'second', 60)).toBe('first');
        expect(await store.getKey('client-message:c:m1')).toBe('first');
      });

      it('lets exactly one of many racing claims win', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, index) => store.claimKey('race', `value-${index}`, 60)),
        );
        const winners = results.filter((result) => result === undefined);
        expect(winners).toHaveLength(1);
        const stored = await store.getKey('race');
        expect(results.filter((result) => result !== undefined).every((result) => result === stored)).toBe(true);
      });

      it('sets, replaces and deletes keys', async () => {
        await store.setKey('ticket:slack:1', 'conversation-a', 60);
        await store.setKey('ticket:slack:1', 'conversation-b', 60);
        expect(await store.getKey('ticket:slack:1')).toBe('conversation-b');
        await store.deleteKey('ticket:slack:1');
        expect(await store.getKey('ticket:slack:1')).toBeUndefined();
        expect(await store.getKey('never-set')).toBeUndefined();
      });

      it('counts within a window and says when it resets', async () => {
        const before = Date.now();
        const counts = [];
        for (let index = 0; index < 3; index++) counts.push(await store.incrementCounter('rate:ip:1', 60));
        expect(counts.map((value) => value.count)).toEqual([1, 2, 3]);
        expect(counts[0]?.resetAt).toBeGreaterThanOrEqual(before + 59_000);
        expect(counts[0]?.resetAt).toBeLessThanOrEqual(Date.now() + 60_000);
        expect(new Set(counts.map((value) => value.resetAt)).size).toBe(1);
        expect((await store.incrementCounter('rate:ip:2', 60)).count).toBe(1);
      });

      it('gives racing increments distinct counts', async () => {
        const results = await Promise.all(Array.from({ length: 30 }, () => store.incrementCounter('rate:burst', 60)));
        expect(results.map((value) => value.count).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 30 }, (_, i) => i + 1),
        );
      });

      it('forgets keys and counters once they expire', async () => {
        await store.claimKey('short', 'first', 1);
        await store.setKey('short-set', 'value', 1);
        await store.incrementCounter('short-counter', 1);
        await store.incrementCounter('short-counter', 1);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        expect(await store.getKey('short')).toBeUndefined();
        expect(await store.getKey('short-set')).toBeUndefined();
        expect(await store.claimKey('short', 'second', 60)).toBeUndefined();
        expect((await store.incrementCounter('short-counter', 1)).count).toBe(1);
      });
    });
  });
}

// --- internal ---

function newRecord(extra: Partial<ConversationRecord> = {}): ConversationRecord {
  return {
    id: crypto.randomUUID(),
    siteId: 'shop',
    createdAt: new Date().toISOString(),
    mode: 'assistant',
    identityVerified: false,
    ...extra,
  };
}

async function created(store: ConversationStore): Promise<ConversationRecord> {
  const record = newRecord();
  await store.createConversation(record);
  return record;
}

function typing(value: boolean): NewConversationEvent {
  return { type: 'typing', role: 'assistant', typing: value };
}

function delta(index: number): NewConversationEvent {
  return { type: 'message-delta', messageId: 'm', delta: `part ${index} ` };
}

async function collect(
  events: AsyncIterable<ConversationEvent>,
  count: number,
  controller: AbortController,
): Promise<ConversationEvent[]> {
  const seen: ConversationEvent[] = [];
  const timeout = setTimeout(() => controller.abort(), 5000);
  try {
    for await (const event of events) {
      seen.push(event);
      if (seen.length >= count) break;
    }
  } finally {
    clearTimeout(timeout);
    controller.abort();
  }
  return seen;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not met within 1 s');
}
