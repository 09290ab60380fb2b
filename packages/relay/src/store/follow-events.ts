import type { ConversationEvent, NewConversationEvent } from '@tandem/protocol';

export type EventListener = (event: ConversationEvent) => void;

/**
 * The subscription of an in-process store (memory, SQLite): listens first, then replays what is stored after
 * `afterId`, then yields what the listener heard; ids filter out what both gave. Nothing appended between the replay
 * and going live is missed or yielded twice. Lets go of its listener when `signal` aborts or the reader stops.
 */
export async function* followEvents(
  listeners: Set<EventListener>,
  replay: (afterId: number) => readonly ConversationEvent[],
  afterId: number,
  signal: AbortSignal,
): AsyncGenerator<ConversationEvent> {
  const pending: ConversationEvent[] = [];
  let wake: (() => void) | undefined;
  const listener: EventListener = (event) => {
    pending.push(event);
    wake?.();
  };
  const onAbort = () => wake?.();
  if (signal.aborted) return;
  listeners.add(listener);
  signal.addEventListener('abort', onAbort);
  try {
    let lastId = afterId;
    for (const event of replay(afterId)) {
      if (event.id <= lastId) continue;
      if (signal.aborted) return;
      lastId = event.id;
      yield copyEvent(event);
    }
    while (!signal.aborted) {
      const event = pending.shift();
      if (event) {
        if (event.id <= lastId) continue;
        lastId = event.id;
        yield copyEvent(event);
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    listeners.delete(listener);
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A copy a caller may change without touching the stored event. A streamed piece holds only strings and numbers, so a
 * shallow copy is a full one, without the cost of `structuredClone` on the hottest path (one per piece and subscriber).
 */
export function copyEvent<Event extends NewConversationEvent | ConversationEvent>(event: Event): Event {
  return event.type === 'message-delta' ? { ...event } : structuredClone(event);
}
