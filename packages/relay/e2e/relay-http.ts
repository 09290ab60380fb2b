import type { ConversationEvent } from '@tandem/protocol';
import { expect } from 'vitest';
import { isAssistantMessage, readEvents } from './workers/sse.ts';

/** What `POST /v1/conversations` returns: the conversation and the visitor's token for it. */
export interface Conversation {
  conversationId: string;
  token: string;
}

/** A JSON POST to a relay, as the widget sends it (with the conversation's token when given). */
export function post(url: string, path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** The conversation's event stream from `afterId` on, as the widget opens it after a reconnect. */
export async function openEvents(
  url: string,
  conversation: Conversation,
  afterId = 0,
): Promise<ReadableStream<Uint8Array>> {
  const response = await fetch(`${url}/v1/conversations/${conversation.conversationId}/events`, {
    headers: { authorization: `Bearer ${conversation.token}`, 'last-event-id': String(afterId) },
  });
  expect(response.status).toBe(200);
  return response.body as ReadableStream<Uint8Array>;
}

/** Polls until the condition holds; a bounded wait, so a test that never gets there fails instead of hanging. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The transcript as "role: text" lines, for comparing what each side saw. */
export function messagesOf(seen: readonly ConversationEvent[]): string[] {
  return seen.flatMap((event) => (event.type === 'message' ? [`${event.message.role}: ${event.message.text}`] : []));
}

/** Event ids must only grow, with no repeats: the widget resumes from the last id it saw. */
export function expectIdsStrictlyIncreasing(seen: readonly ConversationEvent[]): void {
  const ids = seen.map((event) => event.id);
  expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
}

/**
 * A visitor's first question, as the widget asks it: start a conversation (from `origin` when given), open its
 * stream, send the text, and read until the assistant's message (or an error event) arrives.
 */
export async function askFirstQuestion(
  url: string,
  question: { text: string; clientMessageId: string; origin?: string },
): Promise<{ created: Response; conversation: Conversation; answer: string | undefined; events: ConversationEvent[] }> {
  const created = await fetch(`${url}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(question.origin ? { origin: question.origin } : {}) },
    body: '{}',
  });
  expect(created.status).toBe(201);
  const conversation = (await created.clone().json()) as Conversation;
  const stream = await openEvents(url, conversation);
  const sent = await post(
    url,
    `/v1/conversations/${conversation.conversationId}/messages`,
    { clientMessageId: question.clientMessageId, text: question.text },
    conversation.token,
  );
  expect(sent.status).toBe(202);
  const read = await readEvents(stream, (received) =>
    received.some((event) => isAssistantMessage(event) || event.type === 'error'),
  );
  const answer = read.events.find(isAssistantMessage);
  return {
    created,
    conversation,
    answer: answer?.type === 'message' ? answer.message.text : undefined,
    events: read.events,
  };
}
