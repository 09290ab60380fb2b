import type { AssistantPart } from '../assistant/assistant.ts';
import type { ConversationStore } from '../store/store.ts';

/**
 * The assistant's typing event, appended once: after the model has been asked rather than before, so that on a
 * store whose commits block the event loop (SQLite) the commit runs while the model thinks instead of in front of
 * the request. `showAfterThisTask()` appends it once the work queued by the current task (the SDK building and
 * sending the request, all promise continuations) has run; `show()` appends it at once, for the first word that
 * must follow it in the log and never waits for a timer. `shown` settles with the append, whichever started it.
 */
export class TypingIndicator {
  readonly shown: Promise<void>;
  readonly #append: () => void;
  #started = false;

  constructor(store: ConversationStore, conversationId: string) {
    let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
    this.shown = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // A failure is read by whoever awaits `shown` (the first delta, the end of the turn), not left unhandled here.
    this.shown.catch(() => undefined);
    this.#append = () => {
      // A store that throws rather than rejects still settles `shown`: the turn waits on it.
      try {
        store
          .appendEvent(conversationId, { type: 'typing', role: 'assistant', typing: true })
          .then(() => settle?.resolve(), settle?.reject);
      } catch (error) {
        settle?.reject(error);
      }
    };
  }

  /** Appends the typing event now, unless it is already on its way. */
  show(): void {
    if (this.#started) return;
    this.#started = true;
    this.#append();
  }

  /** Appends the typing event in the next task, after this one's promise continuations; `show()` may come first. */
  showAfterThisTask(): void {
    afterThisTask(() => this.show());
  }
}

/**
 * Starts an assistant's answer now (its generator runs up to its first wait: the Anthropic assistant hands the request
 * to the SDK) instead of when the caller's `for await` first asks for a part, and iterates it as before.
 */
export function startedNow(parts: AsyncIterable<AssistantPart>): AsyncIterable<AssistantPart> {
  const iterator = parts[Symbol.asyncIterator]();
  let first: Promise<IteratorResult<AssistantPart>> | undefined = iterator.next();
  // Rejections are read by the caller's first `next()`.
  first.catch(() => undefined);
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const next = first ?? iterator.next();
        first = undefined;
        return next;
      },
      return: async (value?: unknown) => (await iterator.return?.(value)) ?? { done: true, value: undefined },
    }),
  };
}

/**
 * The next task of the event loop: `setImmediate` on Node, Bun and Deno (after the I/O of this turn, without the
 * 1 ms floor of Node's `setTimeout`), a zero timer where it does not exist (Workers, browsers).
 */
function afterThisTask(callback: () => void): void {
  if (typeof globalThis.setImmediate === 'function') globalThis.setImmediate(callback);
  else setTimeout(callback, 0);
}
