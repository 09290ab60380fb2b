import { describeIssues } from '@tandem/protocol';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { AttachmentService } from './attachments/attachment-service.ts';
import { createMemoryBlobStore } from './attachments/blob/memory.ts';
import type { AuditLog } from './audit/audit-log.ts';
import { auditRoutes } from './audit/routes.ts';
import { ConversationService } from './conversation/conversation-service.ts';
import { startRecoveryLoop } from './conversation/recovery-loop.ts';
import { RelayError } from './errors.ts';
import { createHandoffRuntime, type HandoffRuntime } from './handoff/handoff-runtime.ts';
import type { HandoffRunner } from './handoff/runner.ts';
import { EventLoopDelay } from './load/event-loop-delay.ts';
import { shedLoad } from './load/shed-load.ts';
import { createLogger } from './observability/logger.ts';
import { createRelayMetrics, type RelayMetrics } from './observability/relay-metrics.ts';
import { requestLog } from './observability/request-log.ts';
import { type RelayOptions, relayOptionsSchema } from './options.ts';
import { createTurnEscalation } from './policy/turn-escalation.ts';
import { attachmentRoutes, isAttachmentUploadPath } from './routes/attachments.ts';
import { closeRoutes } from './routes/close.ts';
import { consoleRoutes } from './routes/console.ts';
import { contactRoutes } from './routes/contact.ts';
import { conversationRoutes } from './routes/conversations.ts';
import type { RelayEnvironment } from './routes/environment.ts';
import { eventRoutes } from './routes/events.ts';
import { handoffRoutes } from './routes/handoff.ts';
import { healthRoutes } from './routes/health.ts';
import { messageRoutes } from './routes/messages.ts';
import { ratingRoutes } from './routes/rating.ts';
import { staffConversationRoutes } from './routes/staff-conversations.ts';
import { isWebhookPath } from './routes/webhooks.ts';
import { bodySizeLimit } from './security/body-limit.ts';
import { defaultClientIp } from './security/client-ip.ts';
import { originGuard } from './security/origin-guard.ts';
import { enforceRateLimit } from './security/rate-limit.ts';
import { createMemoryStore } from './store/memory.ts';

export interface Relay extends Hono<RelayEnvironment> {
  /** The conversation rules behind the routes, for embedding, hooks and tests. */
  readonly conversations: ConversationService;
  /** The relay's metrics, served at /metrics; count your own in `metrics.registry`. */
  readonly metrics: RelayMetrics;
  /** The handoff runner, when `handoff` is configured: tickets, pending handoffs, `retryPendingHandoffs()`. */
  readonly handoff: HandoffRunner | undefined;
  /** Every escalation decision and assistant answer; export with `exportAuditLog(relay.audit)` (docs/assistant.md). */
  readonly audit: AuditLog;
  /** Files sent in conversations; `attachments.sweep()` removes those of conversations the store has forgotten. */
  readonly attachments: AttachmentService;
  /**
   * Takes up the work a relay that died left in the store: answers unanswered visitor messages, retries kept
   * handoffs and queued helpdesk messages. `tandem-relay` calls it at start; call it yourself when embedding the
   * relay with a durable store.
   */
  recover(): Promise<RecoveryReport>;
  /**
   * For several instances sharing one store (Redis): runs a recovery pass every `intervalMs` (default 2 s), so the
   * answers and handoffs of an instance that died are taken over once their leases lapse; kept handoffs are retried
   * every `handoffIntervalMs` (default 30 s). Returns the function that stops it. `tandem-relay` starts it on Redis.
   */
  keepRecovering(options?: { intervalMs?: number; handoffIntervalMs?: number }): () => void;
}

export interface RecoveryReport {
  /** Conversations whose last visitor message is being answered again. */
  answering: string[];
  /** Kept handoffs tried, and of those opened; undefined without handoff. */
  handoffs: { attempted: number; opened: number; pending: number } | undefined;
}

/** Builds the relay as a Hono app; serve it alone or mount it with `app.route('/chat', relay)`. */
export function createRelay(options: RelayOptions): Relay {
  const parsed = relayOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`[tandem] [relay] invalid options: ${describeIssues(parsed.error)}`);
  const resolved = parsed.data;
  const logger = resolved.logger ?? createLogger({ level: resolved.logLevel });
  const metrics = createRelayMetrics();
  const { escalation, audit } = createTurnEscalation({
    policy: resolved.policy === false ? undefined : resolved.policy,
    audit: resolved.audit,
    adaptersAvailable: () => resolved.handoff !== undefined,
    metrics: metrics.registry,
  });
  let handoff: HandoffRuntime | undefined;
  const handoffOptions = resolved.handoff;
  const store = resolved.store ?? createMemoryStore();
  const publicUrl = resolved.attachments.publicUrl ?? handoffOptions?.publicUrl;
  const attachments = new AttachmentService({
    store,
    blobs: resolved.attachments.blobStore ?? createMemoryBlobStore(),
    secret: resolved.secret,
    maxBytes: resolved.attachments.maxBytes,
    maxPerConversation: resolved.attachments.maxPerConversation,
    signedUrlTtlSeconds: resolved.attachments.signedUrlTtlSeconds,
    publicUrl,
    logger: logger.child({ component: 'attachments' }),
  });
  const conversations = new ConversationService({
    store,
    attachments,
    assistant: resolved.assistant,
    tokenSecret: resolved.secret,
    tokenTtlSeconds: resolved.tokenTtlSeconds,
    identitySecret: resolved.identitySecret,
    idempotencyTtlSeconds: resolved.idempotencyTtlSeconds,
    maxEventsPerConversation: resolved.maxEventsPerConversation,
    metrics,
    logger,
    escalation,
    handoff: handoffOptions
      ? (service) => {
          handoff = createHandoffRuntime({
            conversations: service,
            options: handoffOptions,
            assistant: resolved.assistant,
          });
          return handoff.runner;
        }
      : undefined,
  });
  const clientIp = resolved.clientIp ?? defaultClientIp;

  const app = new Hono<RelayEnvironment>();
  app.use('*', requestId(), requestLog({ logger, metrics }));
  app.use('*', originGuard({ allowedOrigins: resolved.allowedOrigins }));
  app.use('*', async (context, next) => {
    context.set('conversations', conversations);
    context.set('attachments', attachments);
    context.set('options', resolved);
    context.set('audit', audit);
    await next();
  });
  if (resolved.loadShedding && !runsOnWorkers()) {
    const shedRequests = metrics.registry.counter(
      'tandem_shed_requests_total',
      'New conversations and messages refused with 503 while the event loop was saturated.',
    );
    const shed = shedLoad({
      delay: new EventLoopDelay(),
      ...resolved.loadShedding,
      onShed: () => shedRequests.increment(),
    });
    app.post('/v1/conversations', shed);
    app.post('/v1/conversations/:conversationId/messages', shed);
  }
  // Visitor routes only: helpdesk webhooks are verified by signature and must not be throttled by a shared IP.
  app.post('/v1/conversations/*', async (context, next) => {
    const ip = clientIp(context);
    if (ip !== undefined) await enforceRateLimit(conversations.store, `ip:${ip}`, resolved.ipRateLimit);
    await next();
  });
  const visitorBodyLimit = bodySizeLimit({ maxSize: resolved.bodyLimitBytes });
  // Webhooks and uploads carry their own limits (1 MiB; the attachment size, checked while the file streams in).
  app.post('*', (context, next) =>
    isWebhookPath(context.req.path) || isAttachmentUploadPath(context.req.path)
      ? next()
      : visitorBodyLimit(context, next),
  );
  app.route('/', healthRoutes());
  app.route('/v1/conversations', conversationRoutes());
  app.route('/v1/conversations', messageRoutes());
  app.route('/v1/conversations', attachmentRoutes());
  app.route(
    '/v1/conversations',
    eventRoutes({ heartbeatIntervalMs: resolved.heartbeatIntervalMs, sharedTimer: !runsOnWorkers() }),
  );
  app.route('/v1/conversations', handoffRoutes());
  app.route('/v1/conversations', contactRoutes());
  app.route('/v1/conversations', ratingRoutes());
  app.route('/v1/conversations', closeRoutes());
  if (handoff) {
    app.route('/', handoff.routes);
    const staff = consoleRoutes({
      audit,
      runner: handoff.runner,
      inbox: handoff.inbox,
      access: { token: resolved.handoff?.inboxToken, development: resolved.handoff?.development ?? false },
    });
    app.route('/console', staff.page);
    app.route('/v1/console', staff.api);
  }
  if (resolved.audit.exportToken) {
    app.route('/', auditRoutes({ log: audit, exportToken: resolved.audit.exportToken }));
    app.route(
      '/',
      staffConversationRoutes({
        conversations,
        audit,
        attachments,
        handoff: handoff?.runner,
        token: resolved.audit.exportToken,
      }),
    );
  }
  app.notFound((context) => context.json({ error: { code: 'not_found', message: 'No such route.' } }, 404));
  app.onError((error, context) => {
    if (RelayError.isInstance(error)) {
      for (const [name, value] of Object.entries(error.headers)) context.header(name, value);
      return context.json({ error: { code: error.code, message: error.publicMessage } }, error.status as 400);
    }
    (context.var.logger ?? logger).error('unhandled error', { error });
    return context.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
  });
  const recover = async (): Promise<RecoveryReport> => ({
    answering: await conversations.recoverUnanswered(),
    handoffs: await handoff?.runner.recover(),
  });
  const keepRecovering = ({ intervalMs = 2_000, handoffIntervalMs = 30_000 } = {}) => {
    let lastHandoffPass = 0;
    return startRecoveryLoop({
      intervalMs,
      logger,
      recover: async () => {
        await conversations.recoverUnanswered();
        if (handoff && Date.now() - lastHandoffPass >= handoffIntervalMs) {
          lastHandoffPass = Date.now();
          await handoff.runner.recover();
        }
      },
    });
  };
  return Object.assign(app, {
    conversations,
    metrics,
    handoff: handoff?.runner,
    audit,
    attachments,
    recover,
    keepRecovering,
  });
}

/** Workers forbid a timer started by one request to write to another's stream; each stream keeps its own there. */
function runsOnWorkers(): boolean {
  return (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';
}
