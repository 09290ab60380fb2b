import type { AttachmentFiles, HandoffAdapter, HandoffTicket } from '@tandem/handoff';
import type { Logger } from '../observability/logger.ts';
import type { CallAdapter } from './adapter-call.ts';
import type { HandoffRecords } from './handoff-records.ts';

export interface OutboxFlushDependencies {
  records: HandoffRecords;
  logger: Logger;
  call: CallAdapter;
  /** The adapter that holds a ticket, if it is still configured. */
  adapterFor: (ticket: HandoffTicket) => HandoffAdapter | undefined;
  /** A message stayed in the outbox; the background retry should run. */
  onKept: () => void;
  /** Reads a conversation's attachments for the adapter, when the relay keeps files. */
  filesOf?: (conversationId: string) => AttachmentFiles | undefined;
}

/** Sends visitor messages that wait in a conversation's outbox to its ticket, in order. */
export class OutboxFlush {
  private readonly flushing = new Map<string, Promise<boolean>>();

  constructor(private readonly dependencies: OutboxFlushDependencies) {}

  /** One flush per conversation at a time in this process, so no message is sent twice. */
  flush(conversationId: string): Promise<boolean> {
    const previous = this.flushing.get(conversationId) ?? Promise.resolve(true);
    const next = previous.then(() => this.send(conversationId));
    this.flushing.set(conversationId, next);
    const release = () => {
      if (this.flushing.get(conversationId) === next) this.flushing.delete(conversationId);
    };
    next.then(release, release);
    return next;
  }

  /** Sends the conversation's waiting visitor messages in order; stops at the first the adapter does not take. */
  private async send(conversationId: string): Promise<boolean> {
    const { records, logger, call, adapterFor, onKept, filesOf } = this.dependencies;
    const record = await records.ticketOf(conversationId);
    const adapter = record && !record.closed ? adapterFor(record.ticket) : undefined;
    const messages = await records.outboxOf(conversationId);
    if (!record || !adapter) {
      await records.dropFromOutbox(conversationId, messages.length);
      return true;
    }
    const files = filesOf?.(conversationId);
    for (const [index, message] of messages.entries()) {
      try {
        await call(adapter, 'send', () => adapter.send(record.ticket, message, files ? { files } : undefined));
      } catch (error) {
        logger.error('visitor message kept for retry: the adapter did not take it', {
          conversationId,
          adapter: adapter.name,
          messageId: message.id,
          error,
        });
        await records.dropFromOutbox(conversationId, index);
        onKept();
        return false;
      }
    }
    // Messages added while these were sending stay for the next flush.
    const remaining = await records.dropFromOutbox(conversationId, messages.length);
    if (remaining > 0) return this.send(conversationId);
    return true;
  }
}
