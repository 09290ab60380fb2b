import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, launchChromium } from '@tandem/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, type RelayProcess, startRelayProcess } from '../../relay/e2e/relay-process.ts';
import {
  confidentAnswer,
  type RelayProcessSetup,
  startRelayProcessSetup,
} from '../../relay/e2e/relay-process-setup.ts';
import { nextConversationId, shownMessages, startSite } from './harness.ts';
import { openWidget, sendMessage } from './page-helpers.ts';

/** The real command, as a merchant runs it: SQLite in a data directory by default. */
const ANSWER = 'You have 30 days from delivery to return an item for a full refund.';
const LONG_ANSWER = `${ANSWER} ${'Pack it in its original box and drop it at any post office near you. '.repeat(8)}`;

let setup: RelayProcessSetup;
let browser: Browser;
let port: number;

beforeAll(async () => {
  setup = await startRelayProcessSetup({ name: 'widget-restart' });
  browser = await launchChromium();
  port = await freePort();
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await setup?.close();
});

/** The real command with SQLite in its data directory, always on the same port (the widget knows one URL). */
function startRelay(): RelayProcess {
  return startRelayProcess(
    setup.environment({
      TANDEM_PORT: String(port),
      TANDEM_ALLOWED_ORIGINS: '*',
      TANDEM_DATA_DIR: join(setup.directory, 'data'),
      TANDEM_RECONNECT_DELAY_MS: '200',
    }),
  );
}

describe('the widget across a kill -9 of tandem-relay', () => {
  it('resumes on the restarted relay: no message lost or shown twice, the cut-off answer marked, then answered', {
    timeout: 90_000,
  }, async () => {
    let relay = startRelay();
    await relay.url(60_000);
    const site = await startSite(`http://127.0.0.1:${port}`);
    const page = await browser.newPage();
    try {
      await page.goto(site.url);
      await openWidget(page);
      setup.anthropic.script(confidentAnswer('Hello! Ask me anything about your order.'));
      const conversation = nextConversationId(page);
      await sendMessage(page, 'Hi there');
      const conversationId = await conversation;
      await expect.poll(async () => (await shownMessages(page, 'assistant')).length, { timeout: 15_000 }).toBe(1);

      // The second answer streams slowly; the process dies in the middle of it.
      setup.anthropic.script(confidentAnswer(LONG_ANSWER, { chunkSize: 8, delayMs: 60 }));
      await sendMessage(page, 'How long do I have to return an item?');
      await expect
        .poll(async () => (await shownMessages(page, 'assistant')).map((message) => message.status), {
          timeout: 15_000,
        })
        .toEqual(['complete', 'streaming']);
      await killHard(relay);

      setup.anthropic.script(confidentAnswer(ANSWER));
      relay = startRelay();
      await relay.url(60_000);

      await expect
        .poll(async () => (await shownMessages(page, 'assistant')).map((message) => message.status), {
          timeout: 30_000,
        })
        .toEqual(['complete', 'incomplete', 'complete']);
      const assistant = await shownMessages(page, 'assistant');
      expect(assistant[2]?.text).toContain(ANSWER);
      // The cut-off answer keeps the words it had, marked as cut off: a prefix of what was said, nothing repeated.
      expect(assistant[1]?.text).toContain('This answer was cut off.');
      const partial = /^AI assistant(.*?)\d{1,2}:\d{2}/.exec(assistant[1]?.text ?? '')?.[1] ?? '';
      expect(partial.length).toBeGreaterThan(0);
      expect(LONG_ANSWER.startsWith(partial)).toBe(true);
      const visitor = await shownMessages(page);
      expect(visitor.map((message) => message.status)).toEqual(['sent', 'sent']);
      expect(visitor[0]?.text).toContain('Hi there');
      expect(visitor[1]?.text).toContain('How long do I have to return an item?');

      // A reload rebuilds the same transcript from the restarted relay's store.
      await page.reload();
      await openWidget(page);
      await expect
        .poll(async () => (await shownMessages(page, 'assistant')).map((message) => message.status), {
          timeout: 15_000,
        })
        .toEqual(['complete', 'incomplete', 'complete']);
      expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await page.close();
      await site.close();
      relay.child.kill('SIGKILL');
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return free;
}
