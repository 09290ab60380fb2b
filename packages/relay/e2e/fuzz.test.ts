import { errorResponseSchema } from '@tandem/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signToken } from '../src/security/token.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { relayForTest, startConversation, TEST_ORIGIN, TEST_SECRET } from '../test/test-fixture.ts';

/** `value` in `present` out of `present + absent` cases, otherwise undefined. */
function maybe<T>(value: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: present, arbitrary: value }, { weight: absent, arbitrary: fc.constant(undefined) });
}

/**
 * Thousands of malformed (and some well-formed) requests at every route. Whatever arrives, the relay answers
 * without a 5xx, every error is JSON `{ error: { code, message } }`, and a refused request changes nothing.
 */
describe('relay under malformed input', () => {
  it('never fails with a 5xx and never changes state on a refused request', async () => {
    const store = createMemoryStore();
    const relay = relayForTest({
      store,
      metricsToken: 'metrics-token-for-fuzzing-01',
      conversationRateLimit: { limit: 1_000_000, windowSeconds: 60 },
    });
    const a = await startConversation(relay);
    const b = await startConversation(relay);
    const expired = await signToken(TEST_SECRET, {
      conversationId: a.conversationId,
      siteId: 'shop',
      expiresAt: Math.floor(Date.now() / 1000) - 10,
    });

    const snapshot = async () => ({
      conversations: store.statistics().conversations,
      records: await Promise.all([a, b].map((c) => store.getConversation(c.conversationId))),
      events: await Promise.all([a, b].map((c) => store.readEvents(c.conversationId, 0))),
    });

    const conversationId = fc.oneof(
      { weight: 8, arbitrary: fc.constant(a.conversationId) },
      { weight: 1, arbitrary: fc.constant(b.conversationId) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
      { weight: 1, arbitrary: fc.constantFrom('..', '%00', '%2F', 'x'.repeat(300)) },
    );
    const action = fc.oneof(
      fc.constantFrom('messages', 'events', 'handoff', 'contact', 'rating', 'close', 'token'),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    );
    const path = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(conversationId, action).map(([id, name]) => `/v1/conversations/${id}/${name}`) },
      { weight: 1, arbitrary: fc.constantFrom('/v1/conversations', '/v1/conversations/', '/healthz', '/metrics') },
      { weight: 1, arbitrary: fc.webPath() },
    );
    const query = fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 20 }).map((value) => `?lastEventId=${encodeURIComponent(value)}`),
      fc.nat().map((value) => `?lastEventId=${value}`),
    );
    const authorization = fc.oneof(
      { weight: 8, arbitrary: fc.constant(`Bearer ${a.token}`) },
      { weight: 1, arbitrary: fc.constant(`Bearer ${b.token}`) },
      { weight: 1, arbitrary: fc.constant(`Bearer ${expired}`) },
      { weight: 1, arbitrary: fc.constant(a.token) },
      { weight: 1, arbitrary: fc.constant('Bearer metrics-token-for-fuzzing-01') },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((value) => `Bearer ${value}`) },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    );
    const anything = fc.anything({ maxDepth: 2 });
    const withExtraKey = (shape: fc.Arbitrary<Record<string, unknown>>) =>
      fc
        .tuple(shape, maybe(fc.dictionary(fc.string({ maxLength: 8 }), anything, { minKeys: 1, maxKeys: 2 }), 1, 5))
        .map(([value, extra]) => JSON.stringify({ ...value, ...(extra ?? {}) }));
    const messageBody = withExtraKey(
      fc.record(
        {
          clientMessageId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{0,70}$/), anything),
          text: fc.oneof(fc.string({ maxLength: 300 }), fc.string({ minLength: 3990, maxLength: 4010 }), anything),
        },
        { requiredKeys: [] },
      ),
    );
    const ratingBody = withExtraKey(
      fc.record(
        {
          score: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.double(), anything),
          comment: fc.oneof(fc.string(), anything),
        },
        { requiredKeys: [] },
      ),
    );
    const contactBody = withExtraKey(
      fc.record(
        { email: fc.oneof(fc.emailAddress(), fc.string()), message: fc.oneof(fc.string(), anything) },
        { requiredKeys: [] },
      ),
    );
    const handoffBody = withExtraKey(
      fc.record({ note: fc.oneof(fc.string({ maxLength: 1100 }), anything) }, { requiredKeys: [] }),
    );
    const createBody = withExtraKey(
      fc.record(
        {
          siteId: fc.oneof(fc.string({ maxLength: 110 }), anything),
          locale: fc.oneof(fc.constantFrom('en', 'pt-BR', 'xx_YY', ''), fc.string()),
          pageUrl: fc.oneof(fc.webUrl(), fc.string()),
          identity: fc.oneof(
            fc.record(
              {
                userId: fc.string({ maxLength: 210 }),
                userHash: fc.oneof(fc.stringMatching(/^[0-9a-f]{0,64}$/), anything),
                attributes: fc.dictionary(fc.string({ maxLength: 10 }), anything, { maxKeys: 3 }),
              },
              { requiredKeys: [] },
            ),
            anything,
          ),
        },
        { requiredKeys: [] },
      ),
    );
    const anyBody = fc.oneof(
      messageBody,
      ratingBody,
      contactBody,
      handoffBody,
      createBody,
      fc.json({ maxDepth: 3 }),
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 100 }).map((bytes) => new TextDecoder().decode(bytes)),
    );
    /** A real route with a body mostly shaped for it, sometimes any body at all. */
    const endpoint = (method: string, route: fc.Arbitrary<string>, shapedBody: fc.Arbitrary<string>) =>
      fc.record({
        method: fc.constant(method),
        path: route,
        body: fc.oneof({ weight: 3, arbitrary: shapedBody }, { weight: 1, arbitrary: anyBody }),
      });
    const conversationRoute = (name: string) => conversationId.map((id) => `/v1/conversations/${id}/${name}`);
    const target = fc.oneof(
      { weight: 2, arbitrary: endpoint('POST', fc.constant('/v1/conversations'), createBody) },
      { weight: 4, arbitrary: endpoint('POST', conversationRoute('messages'), messageBody) },
      { weight: 1, arbitrary: endpoint('GET', conversationRoute('events'), anyBody) },
      { weight: 2, arbitrary: endpoint('POST', conversationRoute('handoff'), handoffBody) },
      { weight: 2, arbitrary: endpoint('POST', conversationRoute('contact'), contactBody) },
      { weight: 2, arbitrary: endpoint('POST', conversationRoute('rating'), ratingBody) },
      { weight: 1, arbitrary: endpoint('POST', conversationRoute('token'), fc.constant('{}')) },
      { weight: 1, arbitrary: endpoint('POST', conversationRoute('close'), fc.constant('{}')) },
      { weight: 1, arbitrary: endpoint('GET', fc.constantFrom('/healthz', '/metrics'), anyBody) },
      {
        weight: 2,
        arbitrary: fc.record({
          method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
          path,
          body: anyBody,
        }),
      },
    );
    const headers = fc
      .record({
        authorization: maybe(authorization, 8, 1),
        'content-type': maybe(
          fc.oneof(
            { weight: 8, arbitrary: fc.constant('application/json') },
            { weight: 1, arbitrary: fc.constant('application/json; charset=utf-8') },
            { weight: 1, arbitrary: fc.constant('text/plain') },
            { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
          ),
          8,
          1,
        ),
        origin: maybe(fc.constantFrom(TEST_ORIGIN, TEST_ORIGIN, TEST_ORIGIN, 'https://evil.example', 'null'), 1, 1),
        'last-event-id': maybe(fc.oneof(fc.nat().map(String), fc.string({ maxLength: 20 })), 1, 3),
        'x-request-id': maybe(fc.string({ maxLength: 300 }), 1, 3),
      })
      .map((record) =>
        Object.fromEntries(
          Object.entries(record).filter(
            (entry): entry is [string, string] => entry[1] !== undefined && /^[\t\x20-\x7e\x80-\xff]*$/.test(entry[1]),
          ),
        ),
      );
    const request = fc
      .record({ target, query, headers })
      .map(({ target: chosen, query: search, headers: sent }) => ({ ...chosen, query: search, headers: sent }));

    let runs = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        runs++;
        const before = await snapshot();
        let response: Response;
        try {
          response = await relay.request(`${input.path}${input.query}`, {
            method: input.method,
            headers: input.headers,
            ...(input.method === 'GET' || input.method === 'OPTIONS' ? {} : { body: input.body }),
          });
        } catch (error) {
          // The Request constructor itself refused the input (an invalid URL); it never reached the relay.
          if (error instanceof TypeError) return;
          throw error;
        }
        expect(response.status, `${input.method} ${input.path}`).toBeLessThan(500);
        if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
          await response.body?.cancel();
        } else if (response.status >= 400) {
          refused++;
          expect(errorResponseSchema.safeParse(await response.json()).success).toBe(true);
          await relay.conversations.idle();
          expect(await snapshot()).toEqual(before);
        } else {
          await response.arrayBuffer();
        }
        await relay.conversations.idle();
      }),
      { numRuns: 3000, seed: 20261122 },
    );
    expect(runs).toBe(3000);
    expect(refused).toBeGreaterThan(2000);
    expect(relay.logLines.filter((line) => line.level === 'error')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.statistics().listeners).toBe(0);
  }, 30_000);
});
