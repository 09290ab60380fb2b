import { join } from 'node:path';
import type { FakeSlack } from '@tandem/handoff/test';
import { type Browser, launchChromium, type Page, type RedisServer, startRedisServer } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, type RelayProcess, startRelayProcess } from '../../relay/e2e/relay-process.ts';
import {
  confidentAnswer,
  type RelayProcessSetup,
  SLACK_AGENT,
  SLACK_CHANNEL,
  startRelayProcessSetup,
} from '../../relay/e2e/relay-process-setup.ts';
import { nextConversationId, shownMessages, startSite } from './harness.ts';
import { openWidget, recordMessagePosts, sendMessage } from './page-helpers.ts';
import { type ForwardedRequest, type RoutingProxy, startRoutingProxy } from './routing-proxy.ts';

const ANSWER = 'You have 30 days from delivery to return an item for a full refund.';
const LONG_ANSWER = `${ANSWER} ${'Pack it in its original box and drop it at any post office near you. '.repeat(8)}`;

let setup: RelayProcessSetup & { slack: FakeSlack };
let redis: RedisServer;
let browser: Browser;

beforeAll(async () => {
  setup = await startRelayProcessSetup({ name: 'widget-multi', slack: true });
  redis = await startRedisServer({ appendOnly: true });
  browser = await launchChromium();
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await setup?.close();
  await redis?.dispose();
});

/** The two instances differ only in their data directory (the audit log); conversations live in Redis. */
function environment(instance: string): Record<string, string> {
  return setup.environment({
    TANDEM_ALLOWED_ORIGINS: '*',
    TANDEM_REDIS_URL: redis.url,
    TANDEM_DATA_DIR: join(setup.directory, `data-${instance}`),
    TANDEM_RECONNECT_DELAY_MS: '200',
  });
}

/** Every message the page shows, in the order it shows them, as "role: words". */
function transcript(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('tandem-chat')?.shadowRoot;
    return [...(root?.querySelectorAll('[part~="message"]') ?? [])].map((element) => ({
      role: /message-(\w+)/.exec(element.getAttribute('part') ?? '')?.[1] ?? '',
      text: element.querySelector('[part="bubble"]')?.textContent ?? '',
      status: element.getAttribute('data-status'),
    }));
  });
}

function isEventStream(request: ForwardedRequest): boolean {
  return request.method === 'GET' && /\/events(\?|$)/.test(request.path);
}

/** Answer requests carry the assessment tool; handoff summaries carry their own. */
function answerRequests(): number {
  return setup.anthropic.requests.filter((request) =>
    JSON.stringify(request.body.tools ?? []).includes('"name":"answer_customer"'),
  ).length;
}

describe('the widget in Chromium against two tandem-relay processes on one redis-server', () => {
  it('streams from A while its posts go to B, a Slack reply delivered to B: everything shown once and in order; after kill -9 of A mid-answer it reconnects to B and the transcript is complete', {
    timeout: 180_000,
  }, async () => {
    const a: RelayProcess = startRelayProcess(environment('a'));
    const b: RelayProcess = startRelayProcess(environment('b'));
    let proxy: RoutingProxy | undefined;
    let site: { url: string; close(): Promise<void> } | undefined;
    try {
      const [urlA, urlB] = await Promise.all([a.url(60_000), b.url(60_000)]);
      // The widget knows one relay URL; the balancer sends its event stream to A and everything else to B.
      proxy = await startRoutingProxy({ events: [urlA, urlB], requests: [urlB, urlA] });
      site = await startSite(proxy.url);

      const page = await browser.newPage();
      const posts = recordMessagePosts(page);
      await page.goto(site.url);
      await openWidget(page);
      const conversation = nextConversationId(page);
      const answersBefore = answerRequests();
      setup.anthropic.script(confidentAnswer('Hello! Ask me anything about your order.'), confidentAnswer(ANSWER));
      await sendMessage(page, 'Hi there');
      await conversation;
      await expect.poll(async () => (await shownMessages(page, 'assistant')).length, { timeout: 20_000 }).toBe(1);
      await sendMessage(page, 'How long do I have to return an item?');
      await expect
        .poll(async () => (await shownMessages(page, 'assistant')).map((message) => message.status), {
          timeout: 20_000,
        })
        .toEqual(['complete', 'complete']);

      await page.getByRole('button', { name: 'Talk to a person' }).click();
      await expect.poll(() => setup.slack.parents(SLACK_CHANNEL).length, { timeout: 20_000 }).toBe(1);
      const threadTs = setup.slack.parents(SLACK_CHANNEL)[0]?.ts ?? '';
      const signed = await setup.slack.humanReply({
        channel: SLACK_CHANNEL,
        threadTs,
        user: SLACK_AGENT.id,
        text: 'Hi, Maria here.',
      });
      const delivered = await fetch(`${urlB}/v1/webhooks/slack`, {
        method: 'POST',
        headers: signed.headers,
        body: await signed.text(),
      });
      expect(delivered.status).toBe(200);
      await expect.poll(async () => (await shownMessages(page, 'agent')).length, { timeout: 20_000 }).toBe(1);

      const shown = await transcript(page);
      expect(shown.map((message) => message.role)).toEqual(['visitor', 'assistant', 'visitor', 'assistant', 'agent']);
      expect(shown[0]?.text).toContain('Hi there');
      expect(shown[1]?.text).toContain('Hello! Ask me anything about your order.');
      expect(shown[2]?.text).toContain('How long do I have to return an item?');
      expect(shown[3]?.text).toContain(ANSWER);
      expect(shown[4]?.text).toContain('Hi, Maria here.');
      // Each visitor message was answered by one instance, once.
      expect(answerRequests()).toBe(answersBefore + 2);
      const streams = proxy.forwarded.filter(isEventStream);
      const messagePosts = proxy.forwarded.filter((request) => request.method === 'POST');
      expect(streams.length).toBeGreaterThan(0);
      expect(new Set(streams.map((request) => request.target))).toEqual(new Set([urlA]));
      expect(new Set(messagePosts.map((request) => request.target))).toEqual(new Set([urlB]));
      expect(new Set(posts.map((post) => post.clientMessageId)).size).toBe(2);
      await page.close();

      // A second visitor; the balancer now sends its posts to A as well, so A answers while it streams.
      proxy.route({ events: [urlA, urlB], requests: [urlA, urlB] });
      const context = await browser.newContext();
      const visitor = await context.newPage();
      await visitor.goto(site.url);
      await openWidget(visitor);
      const second = nextConversationId(visitor);
      setup.anthropic.script(confidentAnswer(LONG_ANSWER, { chunkSize: 8, delayMs: 60 }));
      await sendMessage(visitor, 'How long do I have to return an item?');
      await second;
      await expect
        .poll(async () => (await shownMessages(visitor, 'assistant')).map((message) => message.status), {
          timeout: 20_000,
        })
        .toEqual(['streaming']);
      const forwardedBeforeKill = proxy.forwarded.length;
      setup.anthropic.script(confidentAnswer(ANSWER));
      const killedAt = Date.now();
      await killHard(a);

      // The widget reconnects through the balancer, which now reaches only B; B takes over A's lapsed lease.
      await expect
        .poll(async () => (await shownMessages(visitor, 'assistant')).map((message) => message.status), {
          timeout: 45_000,
        })
        .toEqual(['incomplete', 'complete']);
      const takeoverSeconds = (Date.now() - killedAt) / 1000;
      const assistant = await shownMessages(visitor, 'assistant');
      expect(assistant[0]?.text).toContain('This answer was cut off.');
      expect(assistant[1]?.text).toContain(ANSWER);
      const visitorMessages = await shownMessages(visitor);
      expect(visitorMessages.map((message) => message.status)).toEqual(['sent']);
      const afterKill = proxy.forwarded.slice(forwardedBeforeKill);
      expect(afterKill.some((request) => isEventStream(request) && request.target === urlB)).toBe(true);
      expect(afterKill.every((request) => request.target === urlB)).toBe(true);

      // A reload rebuilds the same transcript from B.
      await visitor.reload();
      await openWidget(visitor);
      await expect
        .poll(async () => (await transcript(visitor)).map((message) => `${message.role} ${message.status}`), {
          timeout: 20_000,
        })
        .toEqual(['visitor sent', 'assistant incomplete', 'assistant complete']);
      console.log(`widget multi-instance: the answer complete on B ${takeoverSeconds.toFixed(1)} s after kill -9 of A`);
      await context.close();
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGKILL');
      await site?.close();
      await proxy?.close();
    }
  });
});
