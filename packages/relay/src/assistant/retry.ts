import { z } from 'zod';
import { abortableSleep } from './abortable-sleep.ts';
import type { Assistant, AssistantPart, AssistantRequest } from './assistant.ts';
import { AssistantError } from './errors.ts';

export const retryOptionsSchema = z.strictObject({
  /** Total time for all attempts and the pauses between them, in milliseconds. Default 20 s. */
  budgetMs: z.number().int().min(0).max(300_000).default(20_000),
  /** Attempts in all, the first included. Default 3. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** Pause before the second attempt; doubled (with jitter) before each later one. Default 300 ms. */
  initialDelayMs: z.number().int().min(0).max(30_000).default(300),
});

export type RetryOptions = z.input<typeof retryOptionsSchema>;

/**
 * Retries an assistant's answer when it fails with a retryable `AssistantError` (overloaded, 5xx, timeout, a stream
 * cut off) before any answer text was yielded, within a time budget. The assessment is held back until the first
 * text or `finish`, so a retried attempt never yields a second assessment. Once text has been yielded a failure is
 * final and thrown with `partial: true`: the turn must not present that text as a complete answer.
 *
 * @example
 * const assistant = withRetries(createAnthropicAssistant({ apiKey, retry: false }), { budgetMs: 10_000 });
 */
export function withRetries(assistant: Assistant, options: RetryOptions = {}): Assistant {
  const { budgetMs, maxAttempts, initialDelayMs } = retryOptionsSchema.parse(options);
  return {
    specificationVersion: 'v1',
    name: assistant.name,
    model: assistant.model,
    ...(assistant.promptVersion !== undefined ? { promptVersion: assistant.promptVersion } : {}),
    ...(assistant.summarize ? { summarize: assistant.summarize.bind(assistant) } : {}),
    async *respond(request: AssistantRequest): AsyncGenerator<AssistantPart> {
      const deadline = Date.now() + budgetMs;
      let delay = initialDelayMs;
      for (let attempt = 1; ; attempt++) {
        let held: AssistantPart | undefined;
        let textYielded = false;
        // Until the first text is shown, the budget bounds the attempt too: a hanging call is cut at the deadline.
        const attemptController = new AbortController();
        const forwardAbort = () => attemptController.abort();
        request.signal.addEventListener('abort', forwardAbort, { once: true });
        let outOfTime = false;
        const deadlineTimer = setTimeout(
          () => {
            if (textYielded) return;
            outOfTime = true;
            attemptController.abort();
          },
          Math.max(0, deadline - Date.now()),
        );
        try {
          for await (const part of assistant.respond({ ...request, signal: attemptController.signal })) {
            if (part.type === 'assessment') {
              held = part;
              continue;
            }
            if (held) {
              yield held;
              held = undefined;
            }
            if (part.type === 'text-delta') textYielded = true;
            yield part;
            if (part.type === 'finish') return;
          }
          throw new AssistantError('cut_off', 'The answer ended before it was complete.');
        } catch (error) {
          const failure = outOfTime
            ? new AssistantError('timeout', `No answer within the ${budgetMs} ms budget.`, { cause: error })
            : AssistantError.isInstance(error)
              ? error
              : new AssistantError('unavailable', `The assistant failed: ${String(error)}`, { cause: error });
          const pause = Math.round(delay * (0.8 + Math.random() * 0.4));
          const canRetry =
            failure.retryable &&
            !textYielded &&
            !request.signal.aborted &&
            attempt < maxAttempts &&
            Date.now() + pause < deadline;
          if (!canRetry) {
            throw failure.with({
              attempts: attempt,
              partial: failure.partial || textYielded,
              retryable: failure.retryable && !textYielded,
            });
          }
          await abortableSleep(pause, request.signal);
          delay *= 2;
        } finally {
          clearTimeout(deadlineTimer);
          request.signal.removeEventListener('abort', forwardAbort);
        }
      }
    },
  };
}
