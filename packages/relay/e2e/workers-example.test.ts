import { readFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import { parse } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker, type WorkerBundle } from './workers/bundle.ts';
import { isAssistantMessage, readEvents } from './workers/sse.ts';

const EXAMPLE = new URL('../../../examples/workers/', import.meta.url);

interface WranglerConfig {
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  rules?: Array<{ type: string; globs: string[] }>;
  vars?: Record<string, string>;
  durable_objects?: { bindings: Array<{ name: string; class_name: string }> };
}

const config = parse(readFileSync(new URL('wrangler.toml', EXAMPLE), 'utf8')) as unknown as WranglerConfig;
/** What `wrangler dev` reads from .dev.vars once the README's `cp .dev.vars.example .dev.vars` is done. */
const devVariables = Object.fromEntries(
  readFileSync(new URL('.dev.vars.example', EXAMPLE), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_]+)=(.+)$/.exec(line.trim()))
    .flatMap((match) => (match ? [[match[1], match[2]] as const] : [])),
);
let bundle: WorkerBundle;
let runtime: Miniflare;

// The documented deployment, run as Wrangler would run it: the settings come from the example's wrangler.toml.
beforeAll(async () => {
  const markdownAsText = config.rules?.some((rule) => rule.type === 'Text' && rule.globs.includes('**/*.md')) ?? false;
  bundle = await bundleWorker(new URL(config.main, EXAMPLE), { textGlobs: markdownAsText });
  runtime = new Miniflare({
    modules: true,
    script: bundle.code,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    bindings: { ...config.vars, ...devVariables },
    durableObjects: Object.fromEntries(
      (config.durable_objects?.bindings ?? []).map((binding) => [binding.name, binding.class_name]),
    ),
  });
  await runtime.ready;
}, 60_000);

afterAll(async () => {
  await runtime?.dispose();
});

describe('the Workers example (examples/workers)', () => {
  it('runs locally from .dev.vars.example alone, and git ignores the .dev.vars it is copied to', () => {
    expect(Object.keys(devVariables)).toEqual(
      expect.arrayContaining(['TANDEM_SECRET', 'TANDEM_ALLOWED_ORIGINS', 'TANDEM_INBOX', 'TANDEM_INBOX_TOKEN']),
    );
    expect(readFileSync(new URL('.gitignore', EXAMPLE), 'utf8').split('\n')).toContain('.dev.vars');
  });

  it('bundles without Node built-ins and binds its conversations to Durable Objects', () => {
    expect(bundle.nodeImports).toEqual([]);
    expect(config.durable_objects?.bindings).toEqual([
      { name: 'TANDEM_CONVERSATIONS', class_name: 'TandemConversation' },
    ]);
  });

  it('answers a shop question from the bundled knowledge over SSE', { timeout: 30_000 }, async () => {
    const origin = config.vars?.TANDEM_ALLOWED_ORIGINS ?? '';
    const created = await runtime.dispatchFetch('http://relay.example/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ locale: 'en' }),
    });
    expect(created.status).toBe(201);
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const headers = { authorization: `Bearer ${token}`, origin };
    const stream = await runtime.dispatchFetch(`http://relay.example/v1/conversations/${conversationId}/events`, {
      headers,
    });
    const sent = await runtime.dispatchFetch(`http://relay.example/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: 'q1', text: 'How many days do I have to return an item?' }),
    });
    expect(sent.status).toBe(202);
    const { events } = await readEvents(stream.body as ReadableStream<Uint8Array>, (received) =>
      received.some(isAssistantMessage),
    );
    const answer = events.find(isAssistantMessage);
    expect(answer?.type === 'message' && answer.message.text).toContain('You have 30 days from the day your order');
  });
});
