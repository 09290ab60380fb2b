import { createSlackHandoff } from '@tandem/handoff/slack';
import { startFakeSlack, startFakeZendesk } from '@tandem/handoff/test';
import { createZendeskHandoff } from '@tandem/handoff/zendesk';
import type { ConversationEvent } from '@tandem/protocol';
import { type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/store/redis/redis-store.ts';
import { postTo, relayForTest, startConversation, type TestRelay } from '../test/test-fixture.ts';

const HANDOFFS = 100;
const AT_ONCE = 10;
const ZENDESK_AUTH = { email: 'support@shop.example', apiToken: 'zendesk-api-token' };
const ZENDESK_SECRET = 'zendesk-webhook-secret';

let redis: RedisServer;
const stores: RedisStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await redis?.dispose();
});

const handoffStatuses = (events: readonly ConversationEvent[]) =>
  events.flatMap((event) => (event.type === 'handoff' ? [event.status] : []));

describe('fault suite: a helpdesk down, on two instances sharing one Redis', () => {
  it(`hands all ${HANDOFFS} conversations to the failover adapter, each once, and tells no visitor "nobody is available"`, {
    timeout: 120_000,
  }, async () => {
    // Slack is down: its address refuses every connection.
    const slack = await startFakeSlack({ botToken: 'xoxb-down', signingSecret: 'slack-signing-secret-down-0123' });
    const slackURL = slack.apiURL;
    await slack.close();
    const zendesk = await startFakeZendesk({ auth: ZENDESK_AUTH, webhookSecret: ZENDESK_SECRET });
    const instance = (): TestRelay => {
      const store = createRedisStore({ url: redis.url, prefix: 'helpdesk-down:' });
      stores.push(store);
      return relayForTest({
        store,
        ipRateLimit: { limit: 10_000, windowSeconds: 60 },
        handoff: {
          adapters: [
            createSlackHandoff({
              botToken: 'xoxb-down',
              signingSecret: 'slack-signing-secret-down-0123',
              channel: 'C0HANDOFF',
              baseURL: slackURL,
            }),
            createZendeskHandoff({ baseURL: zendesk.url, auth: ZENDESK_AUTH, webhookSecret: ZENDESK_SECRET }),
          ],
          retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 5 },
          pending: { retryIntervalMs: 0 },
        },
      });
    };
    const instances = [instance(), instance()];
    const conversationIds: string[] = [];
    try {
      for (let batch = 0; batch < HANDOFFS / AT_ONCE; batch++) {
        await Promise.all(
          Array.from({ length: AT_ONCE }, async (_, index) => {
            const relay = instances[index % 2] as TestRelay;
            const conversation = await startConversation(relay);
            conversationIds.push(conversation.conversationId);
            const sent = await postTo(relay, conversation, 'messages', {
              clientMessageId: 'm1',
              text: `My parcel ${batch * AT_ONCE + index} arrived broken, can I return it?`,
            });
            expect(sent.status).toBe(202);
            // The visitor asks for a person through the other instance.
            const asked = await postTo(instances[(index + 1) % 2] as TestRelay, conversation, 'handoff', {});
            expect(asked.status).toBe(202);
          }),
        );
        await Promise.all(instances.map((relay) => relay.conversations.idle()));
      }

      const byAdapter = new Map<string, number>();
      let unavailable = 0;
      let requestedOnce = 0;
      for (const conversationId of conversationIds) {
        const record = await instances[0]?.handoff?.ticketOf(conversationId);
        const adapter = record?.ticket.adapter ?? 'none';
        byAdapter.set(adapter, (byAdapter.get(adapter) ?? 0) + 1);
        const statuses = handoffStatuses(
          await (instances[1] as TestRelay).conversations.store.readEvents(conversationId, 0),
        );
        if (statuses.includes('unavailable')) unavailable++;
        if (statuses.join() === 'requested') requestedOnce++;
      }
      const ticketsPerConversation = new Map<string, number>();
      for (const ticket of zendesk.tickets) {
        const key = ticket.externalId ?? '';
        ticketsPerConversation.set(key, (ticketsPerConversation.get(key) ?? 0) + 1);
      }
      const pending = await instances[0]?.handoff?.records.pendingIds();
      console.log(
        `fault suite: Slack down, ${HANDOFFS} handoffs over 2 instances: the failover adapter (zendesk) received ${byAdapter.get('zendesk') ?? 0} of ${HANDOFFS} (${zendesk.tickets.length} tickets), ${unavailable} visitors told nobody was available, ${pending?.length ?? 0} kept for later`,
      );
      expect(byAdapter.get('zendesk')).toBe(HANDOFFS);
      expect(requestedOnce).toBe(HANDOFFS);
      expect(unavailable).toBe(0);
      expect(zendesk.tickets).toHaveLength(HANDOFFS);
      expect([...ticketsPerConversation.values()].every((count) => count === 1)).toBe(true);
      expect(pending).toEqual([]);
    } finally {
      for (const relay of instances) {
        relay.handoff?.stop();
        await relay.conversations.idle();
      }
      await zendesk.close();
    }
  });
});
