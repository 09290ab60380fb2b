import type { ConversationService } from '../conversation/conversation-service.ts';
import type { Logger } from '../observability/logger.ts';
import type { HandoffRequestInput } from '../policy/handoff-request.ts';
import type { ConversationRecord } from '../store/store.ts';
import { type HandoffMetrics, refreshPendingGauge } from './handoff-metrics.ts';
import type { HandoffRecords, PendingHandoff } from './handoff-records.ts';
import type { ResolvedHandoffOptions } from './options.ts';

export interface RetryPendingResult {
  /** Kept handoffs tried in this pass. */
  attempted: number;
  /** Of those, how many now have a ticket. */
  opened: number;
  /** Handoffs still kept after the pass. */
  pending: number;
}

export interface PendingRetryDependencies {
  conversations: ConversationService;
  options: ResolvedHandoffOptions;
  records: HandoffRecords;
  metrics: HandoffMetrics;
  logger: Logger;
  /** Opens the ticket of a kept handoff; rejects when no adapter takes it. */
  open: (conversation: ConversationRecord, request: HandoffRequestInput, handoffKey: string) => Promise<unknown>;
  /** Sends a conversation's waiting visitor messages. */
  flushOutbox: (conversationId: string) => Promise<boolean>;
  /** Whether the runner is started; a stopped runner schedules nothing. */
  isStarted: () => boolean;
}

/** Retries kept handoffs and waiting visitor messages: on demand, and by itself in the background while any wait. */
export class PendingRetry {
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryPass: Promise<RetryPendingResult> | undefined;

  constructor(private readonly dependencies: PendingRetryDependencies) {}

  /** Passes never overlap: a call during a pass gets that pass. */
  retryPendingHandoffs(): Promise<RetryPendingResult> {
    this.retryPass ??= this.runRetryPass().finally(() => {
      this.retryPass = undefined;
    });
    return this.retryPass;
  }

  /** One timer at most, only while handoffs are kept, so an idle relay holds no timer (and Workers start none). */
  schedule(): void {
    const interval = this.dependencies.options.pending.retryIntervalMs;
    if (interval === 0 || this.retryTimer || !this.dependencies.isStarted()) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.backgroundPass();
    }, interval);
    // Node: a kept handoff must not keep a finished process alive.
    (this.retryTimer as { unref?: () => void }).unref?.();
  }

  /** Stops the background retry; kept handoffs stay in the store. */
  cancel(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async runRetryPass(): Promise<RetryPendingResult> {
    const { records, conversations, metrics, open, flushOutbox } = this.dependencies;
    let attempted = 0;
    let opened = 0;
    for (const conversationId of await records.pendingIds()) {
      const pending = await records.pendingOf(conversationId);
      const conversation = await conversations.store.getConversation(conversationId);
      if (!pending || !conversation) {
        await records.removePending(conversationId);
        continue;
      }
      // On a shared store, one instance retries a kept handoff at a time; the others skip it this pass.
      const lease = await conversations.leases.acquire(`handoff:${conversationId}`);
      if (!lease) continue;
      attempted++;
      try {
        await open(conversation, pending.request, pending.handoffKey);
        opened++;
      } catch (error) {
        await records.savePending({
          ...pending,
          retries: pending.retries + 1,
          lastError: error instanceof Error ? error.message : String(error),
        });
      } finally {
        await lease.release();
      }
    }
    for (const conversationId of await records.outboxIds()) await flushOutbox(conversationId);
    const pending = await refreshPendingGauge(metrics, records);
    return { attempted, opened, pending };
  }

  private async backgroundPass(): Promise<void> {
    const { logger } = this.dependencies;
    try {
      await this.retryPendingHandoffs();
    } catch (error) {
      logger.error('background handoff retry failed', { error });
    }
    // The store may be away (Redis down): then the next recovery pass schedules the retry again.
    await this.scheduleIfDue().catch((error: unknown) => logger.error('background handoff retry failed', { error }));
  }

  private async scheduleIfDue(): Promise<void> {
    const { records, options, logger } = this.dependencies;
    const due: PendingHandoff[] = [];
    for (const id of await records.pendingIds()) {
      const pending = await records.pendingOf(id);
      if (pending && pending.retries < options.pending.maxRetries) due.push(pending);
      else if (pending && pending.retries === options.pending.maxRetries) {
        logger.error('handoff still undelivered after the background retries; call retryPendingHandoffs()', {
          conversationId: id,
          lastError: pending.lastError,
        });
      }
    }
    if (due.length > 0 || (await records.outboxIds()).length > 0) this.schedule();
  }
}
