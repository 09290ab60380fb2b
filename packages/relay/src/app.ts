import { describeIssues } from '@tandem/protocol';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { ConversationService } from './conversation/conversation-service.ts';
import { RelayError } from './errors.ts';
import { type RelayOptions, relayOptionsSchema } from './options.ts';
import { conversationRoutes } from './routes/conversations.ts';
import type { RelayEnvironment } from './routes/environment.ts';
import { eventRoutes } from './routes/events.ts';
import { messageRoutes } from './routes/messages.ts';
import { createMemoryStore } from './store/memory.ts';

export interface Relay extends Hono<RelayEnvironment> {
  /** The conversation rules behind the routes, for embedding and tests. */
  readonly conversations: ConversationService;
}

/** Builds the relay as a Hono app; serve it alone or mount it with `app.route('/chat', relay)`. */
export function createRelay(options: RelayOptions): Relay {
  const parsed = relayOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`[tandem] [relay] invalid options: ${describeIssues(parsed.error)}`);
  const resolved = parsed.data;
  const conversations = new ConversationService({
    store: resolved.store ?? createMemoryStore(),
    assistant: resolved.assistant,
    tokenSecret: resolved.secret,
    tokenTtlSeconds: resolved.tokenTtlSeconds,
  });

  const app = new Hono<RelayEnvironment>();
  app.use(
    '*',
    cors({
      origin: (origin) => (resolved.allowedOrigins === '*' || resolved.allowedOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  app.use('*', async (context, next) => {
    context.set('conversations', conversations);
    context.set('options', resolved);
    await next();
  });
  app.route('/v1/conversations', conversationRoutes());
  app.route('/v1/conversations', messageRoutes());
  app.route('/v1/conversations', eventRoutes());
  app.notFound((context) => context.json({ error: { code: 'not_found', message: 'No such route.' } }, 404));
  app.onError((error, context) => {
    if (RelayError.isInstance(error)) {
      for (const [name, value] of Object.entries(error.headers)) context.header(name, value);
      return context.json({ error: { code: error.code, message: error.publicMessage } }, error.status as 400);
    }
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled', error: String(error), stack: error.stack }));
    return context.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
  });
  return Object.assign(app, { conversations });
}
