import type { AuditEntry, AuditLog, AuditQuery } from './audit-log.ts';

const AUDIT_LOG_NAME = 'memory';

export interface MemoryAuditLogOptions {
  /** The oldest entries are dropped beyond this many. Default 10,000. */
  maxEntries?: number;
}

/** Keeps the audit log in this process, newest `maxEntries` only; export it regularly or use your own AuditLog. */
export function createMemoryAuditLog(options: MemoryAuditLogOptions = {}): AuditLog {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new Error('[tandem] [audit] [memory] maxEntries must be a positive integer');
  }
  const entries: AuditEntry[] = [];
  return {
    specificationVersion: 'v1',
    name: AUDIT_LOG_NAME,
    async record(entry) {
      entries.push(structuredClone(entry));
      if (entries.length > maxEntries) entries.splice(0, entries.length - maxEntries);
    },
    async list(query: AuditQuery = {}) {
      const matching = entries.filter(
        (entry) =>
          (query.conversationId === undefined || entry.conversationId === query.conversationId) &&
          (query.since === undefined || entry.at >= query.since),
      );
      const limited = query.limit !== undefined ? matching.slice(-query.limit) : matching;
      return limited.map((entry) => structuredClone(entry));
    },
    async deleteConversation(conversationId) {
      const before = entries.length;
      const kept = entries.filter((entry) => entry.conversationId !== conversationId);
      entries.splice(0, entries.length, ...kept);
      return before - kept.length;
    },
  };
}
