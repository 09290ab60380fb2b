import { describeIssues } from '@tandem/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import { RelayError } from '../errors.ts';
import { constantTimeEqual, utf8 } from '../security/encoding.ts';
import { type AuditLog, exportAuditLog } from './audit-log.ts';

const exportQuerySchema = z.strictObject({
  conversationId: z.string().min(1).max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
});

/**
 * GET /v1/audit: the audit log as JSON lines (`application/x-ndjson`), filtered by `conversationId`, `since` and
 * `limit`. Served only with an export token, and only to requests that carry it.
 */
export function auditRoutes({ log, exportToken }: { log: AuditLog; exportToken: string }) {
  return new Hono().get('/v1/audit', async (context) => {
    const given = /^Bearer\s+(\S+)$/i.exec(context.req.header('authorization') ?? '')?.[1] ?? '';
    if (!constantTimeEqual(utf8(given), utf8(exportToken))) {
      throw new RelayError('unauthorized', 'Send the audit export token as "Authorization: Bearer <token>".');
    }
    const query = exportQuerySchema.safeParse(context.req.query());
    if (!query.success) throw new RelayError('bad_request', describeIssues(query.error));
    const { conversationId, since, limit } = query.data;
    const body = await exportAuditLog(log, {
      ...(conversationId !== undefined ? { conversationId } : {}),
      ...(since !== undefined ? { since: new Date(since).toISOString() } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    context.header('content-type', 'application/x-ndjson; charset=utf-8');
    return context.body(body, 200);
  });
}
