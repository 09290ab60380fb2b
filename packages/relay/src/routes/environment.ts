import type { AttachmentService } from '../attachments/attachment-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ConversationService } from '../conversation/conversation-service.ts';
import type { Logger } from '../observability/logger.ts';
import type { ResolvedRelayOptions } from '../options.ts';

/** Typed context variables every route can read. */
export interface RelayEnvironment {
  Variables: {
    conversations: ConversationService;
    /** Files sent in conversations: uploads, reads, signed URLs. */
    attachments: AttachmentService;
    options: ResolvedRelayOptions;
    /** Where decisions, answers and agents' marks on handoffs are recorded. */
    audit: AuditLog;
    /** Set by hono/request-id; also sent back as `X-Request-Id`. */
    requestId: string;
    /** The relay's logger with this request's id bound to every line. */
    logger: Logger;
  };
}
