import type { AuditEntry, AuditLog, AuditQuery } from './audit-log.ts';

const AUDIT_LOG_NAME = 'memory';

export interface MemoryAuditLogOptions {
  /** The oldest entries are dropped beyond this many. Default 10,000. */
  maxEntries?: number;
}

/**
 * Keeps the audit log in this process, newest `maxEntries` only; export it regularly or use your own AuditLog.
 * Entries are indexed by conversation, so the assistant turn's look at one conversation's past answers costs that
 * conversation's entries, not the whole log; dropping the oldest is constant work too.
 */
export function createMemoryAuditLog(options: MemoryAuditLogOptions = {}): AuditLog {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new Error('[tandem] [audit] [memory] maxEntries must be a positive integer');
  }
  // A queue: entries before `head` are dropped, and compacted away once they are as many as the live ones.
  let entries: AuditEntry[] = [];
  let head = 0;
  const byConversation = new Map<string, AuditEntry[]>();

  function dropOldest() {
    const oldest = entries[head];
    head++;
    if (oldest) {
      const ofConversation = byConversation.get(oldest.conversationId);
      ofConversation?.shift();
      if (ofConversation?.length === 0) byConversation.delete(oldest.conversationId);
    }
    if (head >= maxEntries) {
      entries = entries.slice(head);
      head = 0;
    }
  }

  return {
    specificationVersion: 'v1',
    name: AUDIT_LOG_NAME,
    async record(entry) {
      const kept = structuredClone(entry);
      entries.push(kept);
      const ofConversation = byConversation.get(kept.conversationId);
      if (ofConversation) ofConversation.push(kept);
      else byConversation.set(kept.conversationId, [kept]);
      if (entries.length - head > maxEntries) dropOldest();
    },
    async list(query: AuditQuery = {}) {
      const candidates =
        query.conversationId === undefined ? entries.slice(head) : (byConversation.get(query.conversationId) ?? []);
      const matching =
        query.since === undefined ? candidates : candidates.filter((entry) => entry.at >= (query.since ?? ''));
      const limited = query.limit !== undefined ? matching.slice(-query.limit) : matching;
      return limited.map((entry) => structuredClone(entry));
    },
    async deleteConversation(conversationId) {
      const deleted = byConversation.get(conversationId)?.length ?? 0;
      if (deleted === 0) return 0;
      entries = entries.slice(head).filter((entry) => entry.conversationId !== conversationId);
      head = 0;
      byConversation.delete(conversationId);
      return deleted;
    },
  };
}
