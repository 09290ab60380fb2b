import type { ConversationEvent } from '@tandem/protocol';
import { type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicAssistant } from '../src/assistant/anthropic.ts';
import { createInboxHandoff } from '../src/handoff/inbox/inbox-adapter.ts';
import { createRedisStore, type RedisStore } from '../src/store/redis/redis-store.ts';
import { type ScriptedReply, startFakeAnthropicServer } from '../test/fake-anthropic-server.ts';
import {
  postTo,
  readEvents,
  relayForTest,
  type StartedConversation,
  startConversation,
  TEST_KNOWLEDGE,
  type TestRelay,
} from '../test/test-fixture.ts';

const VISITORS_PER_FAILURE = 10;
const ATTEMPTS = 2;
const ANSWER = 'You have 30 days from delivery to return an item for a full refund.';
const ANSWER_INPUT = {
  confidence: 0.93,
  sentiment: 0.1,
  intent: 'question',
  topics: ['returns'],
  citations: ['returns#return-window'],
  answer: ANSWER,
};
/** Characters of tool input up to the middle of the answer: the visitor has seen some words when it breaks. */
const INTO_THE_ANSWER = JSON.stringify(ANSWER_INPUT).indexOf('return an item');
const tool = { tool: { input: ANSWER_INPUT }, chunkSize: 9 };

/**
 * Each way the model fails, as the fake Messages API plays it for one visitor's question (every attempt), and the
 * notices the visitor may honestly get. Failures before any word reached the visitor are retried (ATTEMPTS in all);
 * after words reached the visitor they are not. Whether the first words were out before a mid-answer failure
 * depends on how the loopback packets fall, so an overload in mid-answer may be told as an overload or as a cut.
 */
const FAILURES: { name: string; reply: ScriptedReply; notices: string[] }[] = [
  { name: '529 overloaded', reply: { status: 529 }, notices: ['answer_busy'] },
  { name: '500 internal error', reply: { status: 500 }, notices: ['answer_failed'] },
  { name: 'no first byte (timeout)', reply: { hang: true }, notices: ['answer_timeout'] },
  { name: 'silent mid-answer (timeout)', reply: { ...tool, stallAfter: INTO_THE_ANSWER }, notices: ['answer_timeout'] },
  { name: 'stream cut mid-answer', reply: { ...tool, cutAfter: INTO_THE_ANSWER }, notices: ['answer_cut_off'] },
  {
    name: 'overloaded_error event mid-answer',
    reply: { ...tool, errorEventAfter: { characters: INTO_THE_ANSWER, type: 'overloaded_error' } },
    notices: ['answer_cut_off', 'answer_busy'],
  },
];

let redis: RedisServer;
const stores: RedisStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis?.dispose();
});

const systemMessages = (events: readonly ConversationEvent[]) =>
  events.flatMap((event) => (event.type === 'message' && event.message.role === 'system' ? [event.message] : []));

describe('fault suite: the model failing, on two instances sharing one Redis', () => {
  it(`tells every visitor plainly and offers a person (${FAILURES.length} failures × ${VISITORS_PER_FAILURE} visitors)`, {
    timeout: 120_000,
  }, async () => {
    const anthropic = await startFakeAnthropicServer();
    const instance = (): TestRelay => {
      const store = createRedisStore({ url: redis.url, prefix: 'model-faults:' });
      stores.push(store);
      return relayForTest({
        store,
        assistant: createAnthropicAssistant({
          apiKey: 'test-key',
          baseURL: anthropic.url,
          knowledge: TEST_KNOWLEDGE,
          timeouts: { firstEventMs: 800, idleMs: 800, summaryMs: 800 },
          retry: { budgetMs: 5_000, maxAttempts: ATTEMPTS, initialDelayMs: 10 },
        }),
        handoff: { adapters: [createInboxHandoff()], development: true },
        ipRateLimit: { limit: 10_000, windowSeconds: 60 },
      });
    };
    const instances = [instance(), instance()];
    const counts: string[] = [];
    let told = 0;
    let handedOver = 0;
    let visitors = 0;
    try {
      for (const failure of FAILURES) {
        // Every visitor of this kind asks at once; their replies are alike, so the queue's order does not matter.
        for (let reply = 0; reply < VISITORS_PER_FAILURE * ATTEMPTS; reply++) anthropic.script(failure.reply);
        const outcomes = await Promise.all(
          Array.from({ length: VISITORS_PER_FAILURE }, async (_, index) => {
            // The question goes to one instance, the visitor's stream is on the other.
            const asked = instances[index % 2] as TestRelay;
            const watching = instances[(index + 1) % 2] as TestRelay;
            const conversation: StartedConversation = await startConversation(asked);
            const stream = await watching.request(`/v1/conversations/${conversation.conversationId}/events`, {
              headers: { authorization: `Bearer ${conversation.token}` },
            });
            const reading = readEvents(stream, (seen) => systemMessages(seen).length > 0);
            const sent = await postTo(asked, conversation, 'messages', {
              clientMessageId: 'm1',
              text: 'How long do I have to return an item?',
            });
            expect(sent.status).toBe(202);
            const events = await reading;
            return { conversation, watching, events, notice: systemMessages(events)[0] };
          }),
        );
        // Replies scripted for retries that did not happen (words had reached the visitor) are not for the next kind.
        anthropic.clear();
        // Offered a person: the way out works, from either instance. (The handoff summary asks the model too; it
        // finds it failing as well, and the visitor's own words stand in.)
        for (const { conversation, watching, events, notice } of outcomes) {
          const handoffStatus = (await postTo(watching, conversation, 'handoff', {})).status;
          visitors++;
          expect(events.some((event) => event.type === 'message' && event.message.role === 'assistant')).toBe(false);
          expect(failure.notices, failure.name).toContain(notice?.notice?.code);
          expect(notice?.text).toContain('Talk to a person');
          if (failure.notices.includes(notice?.notice?.code ?? '')) told++;
          expect(handoffStatus).toBe(202);
          await expect
            .poll(
              async () => (await instances[0]?.conversations.store.getConversation(conversation.conversationId))?.mode,
            )
            .toBe('waiting');
          handedOver++;
        }
        // The handoffs (and their summary requests) are done before the next kind's replies are queued.
        await Promise.all(instances.map((relay) => relay.conversations.idle()));
        const byNotice = new Map<string, number>();
        for (const { notice } of outcomes) {
          const code = notice?.notice?.code ?? 'none';
          byNotice.set(code, (byNotice.get(code) ?? 0) + 1);
        }
        counts.push(`${failure.name}: ${[...byNotice].map(([code, count]) => `${count} ${code}`).join(' + ')}`);
      }
      console.log(
        `fault suite: the model failing (${counts.join('; ')}): ${told} of ${visitors} visitors told, ${handedOver} of ${visitors} reached a person when they asked`,
      );
      expect(told).toBe(FAILURES.length * VISITORS_PER_FAILURE);
    } finally {
      for (const relay of instances) await relay.conversations.idle();
      await anthropic.close();
    }
  });
});
