import {
  type AttachmentFiles,
  type HandoffAdapter,
  type HandoffContext,
  HandoffError,
  type HandoffTicket,
} from '@tandem/handoff';
import type { Logger } from '../observability/logger.ts';
import type { CallAdapter } from './adapter-call.ts';
import type { HandoffMetrics } from './handoff-metrics.ts';
import type { ResolvedStep } from './routing.ts';

/** Every adapter in the chain failed to open a ticket; `failures` says how each failed. */
export class HandoffUndeliveredError extends Error {
  constructor(readonly failures: { adapter: string; error: unknown }[]) {
    super(
      `[tandem] [relay] [handoff] no adapter accepted the handoff: ${failures
        .map(({ adapter, error }) => `${adapter}: ${error instanceof Error ? error.message : String(error)}`)
        .join('; ')}`,
    );
    this.name = 'HandoffUndeliveredError';
  }
}

export interface ChainDependencies {
  adapters: ReadonlyMap<string, HandoffAdapter>;
  call: CallAdapter;
  metrics: HandoffMetrics;
  logger: Logger;
}

/**
 * Tries each adapter of the chain in turn (each with its retries) until one opens the ticket. `files` reads the
 * transcript's attachments, for adapters that deliver them with the ticket.
 */
export async function openThroughChain(
  { adapters, call, metrics, logger }: ChainDependencies,
  context: HandoffContext,
  chain: ResolvedStep[],
  handoffKey: string,
  files?: AttachmentFiles,
): Promise<HandoffTicket> {
  const failures: { adapter: string; error: unknown }[] = [];
  for (const step of chain) {
    const adapter = adapters.get(step.adapter);
    if (!adapter) continue;
    try {
      const ticket = await call(adapter, 'open', () =>
        adapter.open(context, {
          idempotencyKey: handoffKey,
          ...(step.route ? { route: step.route } : {}),
          ...(files ? { files } : {}),
        }),
      );
      if (ticket.adapter !== adapter.name || ticket.id.length === 0) {
        throw new HandoffError('rejected', `open() returned a ticket for "${ticket.adapter}" without an id`, {
          adapter: adapter.name,
          retryable: false,
        });
      }
      return ticket;
    } catch (error) {
      failures.push({ adapter: adapter.name, error });
      metrics.failovers.increment({ adapter: adapter.name });
      logger.warn('adapter gave up opening the ticket', {
        conversationId: context.conversationId,
        adapter: adapter.name,
        error,
      });
    }
  }
  throw new HandoffUndeliveredError(failures);
}
