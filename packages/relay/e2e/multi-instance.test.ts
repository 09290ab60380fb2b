import { join } from 'node:path';
import type { FakeSlack } from '@tandem/handoff/test';
import { type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSESSMENT_TOOL_NAME } from '../src/assistant/system-prompt.ts';
import { type Conversation, expectIdsStrictlyIncreasing, messagesOf, openEvents, post, until } from './relay-http.ts';
import { killHard, type RelayProcess, startRelayProcess } from './relay-process.ts';
import {
  confidentAnswer,
  LONG_RETURNS_ANSWER,
  type RelayProcessSetup,
  SLACK_AGENT,
  SLACK_CHANNEL,
  startRelayProcessSetup,
} from './relay-process-setup.ts';
import { isAssistantMessage, readEvents } from './workers/sse.ts';

let setup: RelayProcessSetup & { slack: FakeSlack };
let redis: RedisServer;

beforeAll(async () => {
  setup = await startRelayProcessSetup({ name: 'multi-test', slack: true });
  redis = await startRedisServer({ appendOnly: true });
});
afterAll(async () => {
  await setup?.close();
  await redis?.dispose();
});

/** Two instances differ only in their own data directory (the audit log); conversations live in Redis. */
function environment(instance: string): Record<string, string> {
  return setup.environment({
    TANDEM_ALLOWED_ORIGINS: 'https://shop.example',
    TANDEM_REDIS_URL: redis.url,
    TANDEM_DATA_DIR: join(setup.directory, `data-${instance}`),
  });
}

/** Answer requests carry the assessment tool; handoff summaries carry their own. */
function answerRequests(): number {
  return setup.anthropic.requests.filter((request) =>
    JSON.stringify(request.body.tools ?? []).includes(`"name":"${ASSESSMENT_TOOL_NAME}"`),
  ).length;
}

describe('two tandem-relay processes on one redis-server', () => {
  it('serves one conversation across both: stream on A, messages and a Slack reply to B, each seen once and in order; after kill -9 of A mid-answer, B finishes the work and the transcript is whole', {
    timeout: 180_000,
  }, async () => {
    let a: RelayProcess = startRelayProcess(environment('a'));
    const b: RelayProcess = startRelayProcess(environment('b'));
    try {
      const [urlA, urlB] = await Promise.all([a.url(60_000), b.url(60_000)]);
      expect(a.logLines()).toContainEqual(expect.objectContaining({ message: 'listening', store: 'redis' }));

      // The widget's stream is on A; everything it sends goes to B.
      const conversation = (await (await post(urlB, '/v1/conversations', {})).json()) as Conversation;
      const stream = await openEvents(urlA, conversation);
      setup.anthropic.script(
        confidentAnswer('You have 30 days from delivery.'),
        confidentAnswer('Yes, refunds take 5 days.'),
      );
      const requestsBefore = answerRequests();
      const send = async (url: string, clientMessageId: string, text: string, status = 202) =>
        expect(
          (
            await post(
              url,
              `/v1/conversations/${conversation.conversationId}/messages`,
              { clientMessageId, text },
              conversation.token,
            )
          ).status,
        ).toBe(status);
      await send(urlB, 'c1', 'How long do I have to return an item?');
      await until(() => answerRequests() === requestsBefore + 1);
      // A retried send (same clientMessageId) through the other instance stores and answers nothing new.
      await send(urlA, 'c1', 'How long do I have to return an item?', 200);
      await send(urlB, 'c2', 'And is the refund quick?');
      await until(() => setup.anthropic.pending === 0);
      expect(
        (
          await post(
            urlB,
            `/v1/conversations/${conversation.conversationId}/handoff`,
            { note: 'Wants a person' },
            conversation.token,
          )
        ).status,
      ).toBe(202);
      await until(() => setup.slack.parents(SLACK_CHANNEL).length === 1);
      const threadTs = setup.slack.parents(SLACK_CHANNEL)[0]?.ts ?? '';
      const reply = await setup.slack.humanReply({
        channel: SLACK_CHANNEL,
        threadTs,
        user: SLACK_AGENT.id,
        text: 'Hi, Maria here.',
      });
      const delivered = await fetch(`${urlB}/v1/webhooks/slack`, {
        method: 'POST',
        headers: reply.headers,
        body: await reply.text(),
      });
      expect(delivered.status).toBe(200);

      const seenOnA = (
        await readEvents(
          stream,
          (seen) => seen.some((event) => event.type === 'message' && event.message.role === 'agent'),
          30_000,
        )
      ).events;
      expectIdsStrictlyIncreasing(seenOnA);
      expect(messagesOf(seenOnA)).toEqual([
        'visitor: How long do I have to return an item?',
        'assistant: You have 30 days from delivery.',
        'visitor: And is the refund quick?',
        'assistant: Yes, refunds take 5 days.',
        'agent: Hi, Maria here.',
      ]);
      expect(seenOnA.filter((event) => event.type === 'handoff' && event.status === 'requested')).toHaveLength(1);
      // Exactly one instance answered each visitor message: two answers asked of the model, not four.
      expect(answerRequests()).toBe(requestsBefore + 2);

      // A second conversation: A streams an answer and is killed in the middle of it.
      const asking = (await (await post(urlA, '/v1/conversations', {})).json()) as Conversation;
      setup.anthropic.script({ ...confidentAnswer(LONG_RETURNS_ANSWER), chunkSize: 8, delayMs: 60 });
      const onA = await openEvents(urlA, asking);
      expect(
        (
          await post(
            urlA,
            `/v1/conversations/${asking.conversationId}/messages`,
            { clientMessageId: 'k1', text: 'How long do I have to return an item?' },
            asking.token,
          )
        ).status,
      ).toBe(202);
      const beforeKill = (
        await readEvents(onA, (seen) => seen.filter((event) => event.type === 'message-delta').length >= 3)
      ).events;
      setup.anthropic.script(confidentAnswer('You have 30 days from delivery to return an item.'));
      const killedAt = Date.now();
      await killHard(a);
      expect(beforeKill.some(isAssistantMessage)).toBe(false);

      // The widget reconnects to B with its Last-Event-ID: the cut-off answer is marked, then B answers in full.
      const lastSeen = beforeKill.at(-1)?.id ?? 0;
      const afterKill = (
        await readEvents(await openEvents(urlB, asking, lastSeen), (seen) => seen.some(isAssistantMessage), 30_000)
      ).events;
      const takeoverSeconds = (Date.now() - killedAt) / 1000;
      const cutOff = beforeKill.find((event) => event.type === 'message-delta');
      expect(afterKill).toContainEqual(
        expect.objectContaining({
          type: 'error',
          code: 'assistant_failed',
          messageId: cutOff?.type === 'message-delta' ? cutOff.messageId : '',
        }),
      );
      expect(messagesOf([...beforeKill, ...afterKill])).toEqual([
        'visitor: How long do I have to return an item?',
        'assistant: You have 30 days from delivery to return an item.',
      ]);
      expectIdsStrictlyIncreasing([...beforeKill, ...afterKill]);
      // The lease of the dead instance lapses after 5 s; B's recovery pass runs every 2 s.
      expect(takeoverSeconds).toBeLessThan(20);
      console.log(`multi-instance: B took over A's answer ${takeoverSeconds.toFixed(1)} s after kill -9`);

      // The whole transcript, read from B from the start: every message once.
      const whole = (await readEvents(await openEvents(urlB, asking), (seen) => seen.some(isAssistantMessage))).events;
      expect(messagesOf(whole)).toHaveLength(2);
      // A restarted A serves the same conversation.
      a = startRelayProcess(environment('a'));
      const again = (
        await readEvents(await openEvents(await a.url(60_000), asking), (seen) => seen.some(isAssistantMessage))
      ).events;
      expect(again).toEqual(whole);
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGKILL');
    }
  });
});
