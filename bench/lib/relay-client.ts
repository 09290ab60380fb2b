import { createParser } from 'eventsource-parser';
import type { ConversationEvent } from '../../packages/protocol/src/index.ts';

export interface StartedConversation {
  conversationId: string;
  token: string;
}

export async function createConversation(baseUrl: string): Promise<StartedConversation> {
  const response = await fetch(`${baseUrl}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ siteId: 'bench' }),
  });
  if (response.status !== 201) throw new Error(`creating a conversation failed: ${response.status}`);
  return (await response.json()) as StartedConversation;
}

export async function sendMessage(
  baseUrl: string,
  conversation: StartedConversation,
  clientMessageId: string,
  text: string,
): Promise<void> {
  const response = await fetch(`${baseUrl}/v1/conversations/${conversation.conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
    body: JSON.stringify({ clientMessageId, text }),
  });
  if (response.status !== 202) throw new Error(`sending a message failed: ${response.status} ${await response.text()}`);
}

/** An open SSE stream that hands each conversation event, with the time it arrived, to `onEvent`. */
export interface Subscription {
  /** Resolves when the stream is open (response headers received). */
  ready: Promise<void>;
  close(): void;
}

export function subscribe(
  baseUrl: string,
  conversation: StartedConversation,
  onEvent: (event: ConversationEvent, receivedAt: number) => void,
): Subscription {
  const controller = new AbortController();
  const ready = (async () => {
    const response = await fetch(`${baseUrl}/v1/conversations/${conversation.conversationId}/events`, {
      headers: { authorization: `Bearer ${conversation.token}` },
      signal: controller.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`subscribing failed: ${response.status}`);
    const parser = createParser({
      onEvent(message) {
        onEvent(JSON.parse(message.data) as ConversationEvent, performance.now());
      },
    });
    const reader = response.body.getReader();
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          parser.feed(decoder.decode(chunk.value, { stream: true }));
        }
      } catch {
        // Closed by close(): the benchmark is done with this stream.
      }
    })();
  })();
  return { ready, close: () => controller.abort() };
}

/** Resolves when `check` holds, polling every few milliseconds; rejects after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
