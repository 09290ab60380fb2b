import { type ConversationEvent, conversationEventSchema } from '@tandem/protocol';
import { createParser } from 'eventsource-parser';

export interface ReadEventsResult {
  events: ConversationEvent[];
  /** The `id:` line of each event, as sent on the wire. */
  wireIds: string[];
  retryMs: number | undefined;
}

/**
 * Reads a conversation's SSE stream until `enough` is satisfied, then hangs up; fails after `timeoutMs`.
 * Parsing uses eventsource-parser, the parser behind the `eventsource` polyfills, so framing is checked
 * by the same rules a browser's EventSource applies.
 */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  enough: (events: ConversationEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<ReadEventsResult> {
  const result: ReadEventsResult = { events: [], wireIds: [], retryMs: undefined };
  const parser = createParser({
    onEvent(message) {
      const event = conversationEventSchema.parse(JSON.parse(message.data));
      if (message.event !== event.type) throw new Error(`event: ${message.event} does not match type ${event.type}`);
      result.events.push(event);
      result.wireIds.push(message.id ?? '');
    },
    onRetry(retry) {
      result.retryMs = retry;
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + timeoutMs;
  try {
    while (!enough(result.events)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no complete answer within ${timeoutMs} ms; got ${describe(result.events)}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`stream stalled; got ${describe(result.events)}`)), remaining);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) break;
      parser.feed(decoder.decode(chunk.value, { stream: true }));
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return result;
}

export function isAssistantMessage(event: ConversationEvent): boolean {
  return event.type === 'message' && event.message.role === 'assistant';
}

function describe(events: ConversationEvent[]): string {
  return events.map((event) => `${event.id}:${event.type}`).join(', ') || 'no events';
}
