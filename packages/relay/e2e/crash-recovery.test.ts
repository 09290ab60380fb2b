import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FakeSlack } from '@tandem/handoff/test';
import type { ConversationEvent } from '@tandem/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Conversation, openEvents, post, until } from './relay-http.ts';
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

beforeAll(async () => {
  setup = await startRelayProcessSetup({ name: 'crash-test', slack: true });
});
afterAll(async () => {
  await setup?.close();
});

function environment(): Record<string, string> {
  return setup.environment({
    TANDEM_ALLOWED_ORIGINS: 'https://shop.example',
    // No TANDEM_STORE: the default, SQLite in the data directory, is what is tested.
    TANDEM_DATA_DIR: join(setup.directory, 'data'),
  });
}

describe('kill -9 of tandem-relay, then a restart on the same data directory', () => {
  it('keeps every conversation, event id and ticket, answers the message left unanswered, and takes Slack replies', {
    timeout: 120_000,
  }, async () => {
    let relay: RelayProcess = startRelayProcess(environment());
    let url = await relay.url();
    try {
      // A conversation handed to Slack before the crash: its thread is the ticket.
      const handedOff = (await (await post(url, '/v1/conversations', {})).json()) as Conversation;
      expect(
        (
          await post(
            url,
            `/v1/conversations/${handedOff.conversationId}/handoff`,
            { note: 'Parcel lost' },
            handedOff.token,
          )
        ).status,
      ).toBe(202);
      await until(() => setup.slack.parents(SLACK_CHANNEL).length === 1);
      const threadTs = setup.slack.parents(SLACK_CHANNEL)[0]?.ts ?? '';
      const handedOffBefore = (
        await readEvents(await openEvents(url, handedOff), (seen) => seen.some((event) => event.type === 'handoff'))
      ).events;

      // A conversation whose answer is streaming when the process dies.
      setup.anthropic.script({ ...confidentAnswer(LONG_RETURNS_ANSWER), chunkSize: 8, delayMs: 60 });
      const asking = (await (await post(url, '/v1/conversations', {})).json()) as Conversation;
      const stream = await openEvents(url, asking);
      expect(
        (
          await post(
            url,
            `/v1/conversations/${asking.conversationId}/messages`,
            { clientMessageId: 'c1', text: 'How long do I have to return an item?' },
            asking.token,
          )
        ).status,
      ).toBe(202);
      const beforeCrash = (
        await readEvents(stream, (seen) => seen.filter((event) => event.type === 'message-delta').length >= 3)
      ).events;
      await killHard(relay);
      expect(beforeCrash.some(isAssistantMessage)).toBe(false);
      expect(await readdir(join(setup.directory, 'data'))).toContain('tandem.db');

      // The restarted relay answers the question again.
      setup.anthropic.script(confidentAnswer('You have 30 days from delivery to return an item.'));
      relay = startRelayProcess(environment());
      url = await relay.url();

      const lastSeen = beforeCrash.at(-1)?.id ?? 0;
      const afterRestart = (
        await readEvents(await openEvents(url, asking, lastSeen), (seen) => seen.some(isAssistantMessage))
      ).events;
      const cutOff = beforeCrash.find((event) => event.type === 'message-delta');
      const cutOffId = cutOff?.type === 'message-delta' ? cutOff.messageId : '';
      // The answer cut off by the crash is marked so (the widget shows it as incomplete), then a whole one follows.
      expect(afterRestart).toContainEqual(
        expect.objectContaining({ type: 'error', code: 'assistant_failed', messageId: cutOffId }),
      );
      const answer = afterRestart.find(isAssistantMessage);
      expect(answer?.type === 'message' && answer.message.text).toBe(
        'You have 30 days from delivery to return an item.',
      );
      // Ids go on from where they were: nothing the widget saw is given again, nothing is given twice.
      const ids = [...beforeCrash, ...afterRestart].map((event) => event.id);
      expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
      expect(relay.logLines()).toContainEqual(expect.objectContaining({ message: 'recovered', answering: 1 }));

      // The handed-off conversation is all there, with the same ids, and its Slack thread still leads to it.
      const handedOffAfter = (
        await readEvents(await openEvents(url, handedOff), (seen) => seen.length >= handedOffBefore.length)
      ).events;
      expect(handedOffAfter).toEqual(handedOffBefore);
      const reply = await setup.slack.humanReply({
        channel: SLACK_CHANNEL,
        threadTs,
        user: SLACK_AGENT.id,
        text: 'Found your parcel.',
      });
      const delivered = await fetch(`${url}/v1/webhooks/slack`, {
        method: 'POST',
        headers: reply.headers,
        body: await reply.text(),
      });
      expect(delivered.status).toBe(200);
      const withReply = (
        await readEvents(await openEvents(url, handedOff, handedOffBefore.at(-1)?.id ?? 0), (seen) =>
          seen.some((event: ConversationEvent) => event.type === 'message' && event.message.role === 'agent'),
        )
      ).events;
      expect(withReply).toContainEqual(
        expect.objectContaining({ type: 'message', message: expect.objectContaining({ text: 'Found your parcel.' }) }),
      );
    } finally {
      relay.child.kill('SIGKILL');
    }
  });
});
