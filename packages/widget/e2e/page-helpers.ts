import type { Page } from '@tandem/test-utils';

type TandemGlobal = { Tandem: ((command: string, ...args: unknown[]) => unknown) & { loaded?: boolean } };

/** Waits for the bundle to take over `window.Tandem`, then opens the panel. */
export async function openWidget(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as TandemGlobal).Tandem?.loaded === true, undefined, {
    timeout: 10_000,
  });
  await page.evaluate(() => (window as unknown as TandemGlobal).Tandem('open'));
}

/** Sends a message through the public JS API, as a merchant's page or the composer would. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => (window as unknown as TandemGlobal).Tandem('sendMessage', value), text);
}

/** Records the POSTs of visitor messages a page makes (CORS preflights left out). */
export function recordMessagePosts(page: Page): { clientMessageId: string }[] {
  const posts: { clientMessageId: string }[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/messages')) {
      posts.push(JSON.parse(request.postData() ?? '{}') as { clientMessageId: string });
    }
  });
  return posts;
}
