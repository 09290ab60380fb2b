import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ConversationEvent } from '@tandem/protocol';
import { type Browser, launchChromium, type Page } from '@tandem/test-utils';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type Relay } from '../src/app.ts';
import { createOfflineAssistant } from '../src/assistant/offline.ts';
import type { Figures } from '../src/console/figures.ts';
import { createInboxHandoff } from '../src/handoff/inbox/inbox-adapter.ts';
import { type RunningServer, serveApp } from '../src/node/serve.ts';
import { createLogger } from '../src/observability/logger.ts';

const STAFF_TOKEN = 'staff-token-0123456789abcdefghijkl';
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Conversation {
  conversationId: string;
  token: string;
}

/** The relay on a real loopback port, its own origin allowed (the console calls the API from it). */
async function startRelay(): Promise<{ relay: Relay; server: RunningServer }> {
  let relay: Relay | undefined;
  const server = await serveApp({
    app: new Hono().all('*', (context) => (relay as Relay).fetch(context.req.raw)),
  });
  relay = createRelay({
    secret: 'console-test-secret-0123456789abcdefgh',
    assistant: createOfflineAssistant({
      knowledge: [
        { id: 'returns', markdown: '## Return window\nYou have 30 days from delivery to return an item.' },
        { id: 'shipping', markdown: '## Shipping to Norway\nWe ship to Norway in 5 working days.' },
      ],
    }),
    allowedOrigins: [server.url],
    logger: createLogger({ level: 'error', write: () => {} }),
    // A test machine shared with other jobs stalls now and then; only the load-shedding tests ask for shedding.
    loadShedding: false,
    handoff: { adapters: [createInboxHandoff()], inboxToken: STAFF_TOKEN },
  });
  return { relay, server };
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: await axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations as {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }[];
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.help} at ${JSON.stringify(violation.nodes.map((n) => n.target))}`,
    );
}

describe('the support console in real Chromium', { timeout: 60_000 }, () => {
  let relay: Relay;
  let server: RunningServer;
  let browser: Browser;
  const conversations: Record<'answered' | 'unsure' | 'asked' | 'upset', Conversation> = {} as never;

  async function call(path: string, conversation?: Conversation, body?: unknown): Promise<Response> {
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        ...(conversation ? { authorization: `Bearer ${conversation.token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await relay.conversations.idle();
    return response;
  }

  async function start(): Promise<Conversation> {
    return (await (await call('/v1/conversations', undefined, { locale: 'en' })).json()) as Conversation;
  }

  async function say(conversation: Conversation, text: string) {
    const response = await call(`/v1/conversations/${conversation.conversationId}/messages`, conversation, {
      clientMessageId: crypto.randomUUID(),
      text,
    });
    expect(response.status).toBeLessThan(300);
  }

  function staffApi<T>(path: string, token = STAFF_TOKEN): Promise<T> {
    return fetch(`${server.url}/v1/console/${path}`, { headers: { authorization: `Bearer ${token}` } }).then(
      (response) => response.json() as Promise<T>,
    );
  }

  async function events(conversation: Conversation): Promise<ConversationEvent[]> {
    return relay.conversations.store.readEvents(conversation.conversationId, 0);
  }

  /** The text as the user sees it, line breaks between blocks included (textContent has none). */
  function textOf(locator: ReturnType<Page['locator']>): Promise<string> {
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what this test checks
    return locator.innerText();
  }

  /** axe is injected as an inline script, which the console's Content-Security-Policy rightly refuses. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true });
    return context.newPage();
  }

  function row(page: Page, conversation: Conversation) {
    return page.locator(`#conversation-rows tr[data-conversation="${conversation.conversationId}"]`);
  }

  beforeAll(async () => {
    ({ relay, server } = await startRelay());
    browser = await launchChromium();
    conversations.answered = await start();
    await say(conversations.answered, 'How long do I have to return an item?');
    await say(conversations.answered, 'And do you ship to Norway?');
    conversations.unsure = await start();
    await say(conversations.unsure, 'Can I pay with PayPal?');
    conversations.asked = await start();
    await say(conversations.asked, 'Do you ship to Norway?');
    expect(
      (await call(`/v1/conversations/${conversations.asked.conversationId}/handoff`, conversations.asked, {})).status,
    ).toBeLessThan(300);
    conversations.upset = await start();
    await say(conversations.upset, 'This is a disgrace, you charged me twice and nobody answers! I am furious.');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    relay?.handoff?.stop();
    await server?.close();
  });

  it('refuses a wrong staff token, on the API and on the page, and shows a plain sign-in', async () => {
    for (const token of ['', 'staff-token-0123456789abcdefghijkX']) {
      const response = await fetch(`${server.url}/v1/console/conversations`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    const review = await fetch(`${server.url}/v1/console/conversations/${conversations.upset.conversationId}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong-token-0123456789abcdefghij' },
      body: JSON.stringify({ verdict: 'not_needed', reviewer: 'Mallory' }),
    });
    expect(review.status).toBe(401);
    expect((await relay.audit.list()).some((entry) => entry.type === 'handoff-review')).toBe(false);

    const page = await newPage();
    await page.goto(`${server.url}/console`);
    await expect.poll(() => page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#conversations-view').isVisible()).toBe(false);
    expect(await textOf(page.locator('body'))).not.toMatch(/No conversations|token=|development/i);
    await page.fill('#token', 'staff-token-0123456789abcdefghijkX');
    await page.click('#sign-in-form button[type=submit]');
    await expect.poll(() => textOf(page.locator('#sign-in-message'))).toContain('not accepted');
    expect(await page.locator('#conversations-view').isVisible()).toBe(false);
    await page.close();
  });

  it('lists the conversations the visitors had, with mode, waiting time and reasons in words', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/console`);
    await expect.poll(() => page.locator('#sign-in').isVisible()).toBe(true);
    // A token put in the address of the open tab signs in, and leaves the address.
    await page.evaluate((token) => {
      location.hash = `token=${token}`;
    }, STAFF_TOKEN);
    await expect.poll(() => page.locator('#conversation-rows tr').count()).toBe(4);
    expect(page.url()).not.toContain(STAFF_TOKEN);

    const listed = await staffApi<{ conversations: { conversationId: string; mode: string }[] }>('conversations');
    expect(listed.conversations.map((item) => item.conversationId).sort()).toEqual(
      Object.values(conversations)
        .map((conversation) => conversation.conversationId)
        .sort(),
    );
    for (const conversation of Object.values(conversations)) {
      const record = await relay.conversations.store.getConversation(conversation.conversationId);
      const words = { assistant: 'Assistant answering', waiting: 'Waiting for a person', human: 'With a person' };
      expect(await textOf(row(page, conversation).locator('td.mode'))).toBe(words[record?.mode as keyof typeof words]);
    }
    expect(await textOf(row(page, conversations.answered).locator('td.waiting'))).toBe('');
    expect(await textOf(row(page, conversations.asked).locator('td.waiting'))).toMatch(/^\d+ m?s$/);
    expect(await textOf(row(page, conversations.asked).locator('td.why'))).toContain('pressed "Talk to a person"');
    expect(await textOf(row(page, conversations.unsure).locator('td.why'))).toContain('assistant unsure');
    expect(await textOf(row(page, conversations.upset).locator('td.why'))).toContain('customer upset');
    expect(await textOf(row(page, conversations.upset))).not.toMatch(/negative_sentiment\b(?! ?\))/);
    // The open question, not the first one, leads.
    expect(await textOf(row(page, conversations.answered).locator('.question'))).toBe('And do you ship to Norway?');

    // Each answer shows its confidence, its sources and the policy's decision with its inputs.
    await row(page, conversations.answered).locator('button.open').click();
    const answer = page.locator('#transcript li.assistant').first();
    await expect.poll(() => answer.isVisible()).toBe(true);
    expect(await textOf(answer.locator('.confidence'))).toMatch(
      /^Confidence [01]\.\d\d · Sources: returns#return-window · first text after \d+ ms/,
    );
    await answer.locator('summary').click();
    expect(await textOf(answer.locator('.decision').first())).toMatch(
      /On the visitor's words: let the assistant answer\. Inputs: mood .*asked for a person: no/,
    );
    expect(await page.locator('#review').isVisible()).toBe(false);
    expect(await textOf(page.locator('#transcript li.visitor .who').first())).toMatch(/^Visitor · \d\d:\d\d/);

    // The unsure answer was never shown: the console says why, with the assistant's confidence.
    await row(page, conversations.unsure).locator('button.open').click();
    await expect.poll(() => textOf(page.locator('#transcript li.unshown').first())).toContain('assistant unsure');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it("lets an agent take over only under their own name, reply, mark the handoff and close; a closed conversation's reply box is disabled", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/console#conversation=${conversations.asked.conversationId}&token=${STAFF_TOKEN}`);
    await expect.poll(() => page.locator('#detail').isVisible()).toBe(true);
    await expect.poll(() => textOf(page.locator('#facts'))).toContain('Waiting');
    expect(await textOf(page.locator('#facts'))).toMatch(/Open question\s+Do you ship to Norway\?/);

    await page.fill('#agent-name', '');
    await page.click('#join');
    await expect.poll(() => textOf(page.locator('#status'))).toContain('Enter your name first');
    expect((await events(conversations.asked)).some((event) => event.type === 'handoff' && event.agent)).toBe(false);

    await page.fill('#agent-name', 'Grace');
    await page.click('#join');
    await expect.poll(() => textOf(page.locator('#facts'))).toContain('With a person');
    await page.fill('#reply', 'Yes, we ship to Norway in 5 working days.');
    await page.click('#send');
    await expect.poll(() => page.locator('#transcript li.agent').count()).toBe(1);
    const agentMessages = (await events(conversations.asked)).flatMap((event) =>
      event.type === 'message' && event.message.role === 'agent' ? [event.message] : [],
    );
    expect(agentMessages.map((message) => [message.author?.name, message.text])).toEqual([
      ['Grace', 'Yes, we ship to Norway in 5 working days.'],
    ]);

    await page.click('#review-needed');
    await expect.poll(() => textOf(page.locator('#review-state'))).toBe('Marked needed.');
    await page.click('#close');
    await expect.poll(() => page.locator('#reply').isDisabled()).toBe(true);
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await textOf(page.locator('#facts'))).toContain('Closed');

    // Another handoff, judged not needed.
    await page.evaluate((id) => {
      location.hash = `conversation=${id}`;
    }, conversations.upset.conversationId);
    await expect.poll(() => textOf(page.locator('#detail-title'))).toBe('Conversation with a visitor');
    await expect.poll(() => textOf(page.locator('#facts'))).toContain('customer upset');
    await page.click('#review-not-needed');
    await expect.poll(() => textOf(page.locator('#review-state'))).toBe('Marked not needed.');

    const reviews = (await relay.audit.list()).filter((entry) => entry.type === 'handoff-review');
    expect(reviews.map((entry) => [entry.conversationId, entry.verdict, entry.source, entry.reviewer])).toEqual([
      [conversations.asked.conversationId, 'needed', 'console', 'Grace'],
      [conversations.upset.conversationId, 'not_needed', 'console', 'Grace'],
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows figures that agree with the conversations: counts, handoffs by reason, CSAT, precision and unanswered questions', async () => {
    expect(
      (await call(`/v1/conversations/${conversations.asked.conversationId}/rating`, conversations.asked, { score: 5 }))
        .status,
    ).toBeLessThan(300);
    const figures = await staffApi<Figures>('figures');
    expect(figures.total).toMatchObject({
      conversations: 4,
      answeredByAssistant: 1,
      handedOff: 3,
      nobodyAvailable: 0,
      leftAddresses: 0,
      csat: { ratings: 1, average: 5, satisfied: 1 },
      // Rated after a person answered: confirmed. Answered alone and left without a word: assumed.
      resolutions: { confirmed: 1, assumed: 1 },
    });
    expect(figures.total.handedOffByReason.visitor_request).toBe(1);
    expect(figures.total.timeToFirstAnswerMs.count).toBe(2);
    expect(figures.precision.find((line) => line.reason === 'all')).toEqual({
      reason: 'all',
      needed: 1,
      notNeeded: 1,
      precision: 0.5,
    });
    expect(figures.unanswered.map((group) => group.representative)).toContain('Can I pay with PayPal?');

    const page = await newPage();
    await page.goto(`${server.url}/console#view=figures&token=${STAFF_TOKEN}`);
    const grid = page.locator('[data-figures="total"]');
    await expect.poll(() => grid.isVisible()).toBe(true);
    const text = await textOf(grid);
    expect(text).toMatch(/4\s+Conversations/);
    expect(text).toMatch(/1\s+Answered by the assistant without a person/);
    expect(text).toMatch(/3\s+Handed off to a person/);
    expect(text).toMatch(/100 %\s+CSAT/);
    expect(text).toMatch(/1\s+Resolved, confirmed by the visitor/);
    expect(text).toMatch(/1\s+Resolved, assumed \(visitor left\)/);
    const body = await textOf(page.locator('#figures'));
    expect(body).toMatch(/all handoffs\s+1\s+1\s+50 %/);
    expect(body).toContain('pressed "Talk to a person"');
    expect(body).toContain('## Can I pay with PayPal');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
