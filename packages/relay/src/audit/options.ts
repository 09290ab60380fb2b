import { z } from 'zod';
import type { AuditLog } from './audit-log.ts';

const auditLogSchema = z.custom<AuditLog>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    (value as AuditLog).specificationVersion === 'v1' &&
    typeof (value as AuditLog).record === 'function' &&
    typeof (value as AuditLog).list === 'function',
  'must be an AuditLog (specificationVersion "v1" with record() and list())',
);

/** `createRelay({ audit })`: where decisions and answers are recorded, and who may export them. */
export const auditOptionsSchema = z.strictObject({
  /** Default: in memory, the newest 10,000 entries (`createMemoryAuditLog`). */
  log: auditLogSchema.optional(),
  /** Replace card numbers, IBANs, e-mail addresses and phone numbers in logged text. Default true. */
  redact: z.boolean().default(true),
  /** Serves GET /v1/audit (JSON lines) to `Authorization: Bearer <exportToken>`. Without it, not served. */
  exportToken: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type AuditOptions = z.input<typeof auditOptionsSchema>;
export type ResolvedAuditOptions = z.output<typeof auditOptionsSchema>;
