import type { ExecutionContext } from 'hono';
import { createRelay, type Relay } from '../app.ts';
import type { Assistant } from '../assistant/assistant.ts';
import type { KnowledgeDocument } from '../assistant/knowledge/knowledge-base.ts';
import { createR2BlobStore, isR2Bucket } from '../attachments/blob/r2.ts';
import { assistantFromVariables } from '../config/assistant.ts';
import { EnvironmentError, parseVariables, relayOptionsFromVariables } from '../config/environment.ts';
import { workersVariablesSchema } from '../config/runtime-variables.ts';
import { HandoffVariablesError, handoffFromVariables, NO_HELPDESK_WARNING } from '../handoff/environment.ts';
import type { RelayOptions } from '../options.ts';
import type { ConversationStore } from '../store/store.ts';
import { createDurableObjectStore } from './durable-object-store.ts';
import { isDurableObjectNamespace } from './durable-object-types.ts';

/** Cloudflare's `ExecutionContext` as Hono types it, so this entry needs no Workers type package. */
export type WorkersExecutionContext = ExecutionContext;

/** Bindings: variables, secrets and (for a Durable Object store) namespaces, as the runtime passes them. */
export type WorkersBindings = Record<string, unknown>;

export interface WorkersHandlerOptions {
  /** Markdown documents the offline assistant answers from, usually imported as text at build time. */
  knowledge?: KnowledgeDocument[];
  /**
   * Chooses the assistant from the bindings. Default: Claude when `ANTHROPIC_API_KEY` is bound, else the offline
   * assistant over `knowledge`.
   */
  assistant?: (bindings: WorkersBindings, knowledge: KnowledgeDocument[]) => Assistant;
  /**
   * Chooses the store from the bindings. Default: the Durable Object store when a `TANDEM_CONVERSATIONS` namespace
   * is bound (correct across isolates), else in memory, which serves one isolate only: Cloudflare may run several
   * isolates of a Worker, and each would hold its own conversations.
   */
  store?: (bindings: WorkersBindings) => ConversationStore;
  /** Options set in code rather than bindings; these win over the bindings. */
  options?: Partial<Omit<RelayOptions, 'assistant' | 'store'>>;
  /**
   * Serves the relay inside an app of yours: receives the relay and returns the app to serve, e.g.
   * `(relay) => new Hono().route('/chat', relay)`. The handler still keeps answers alive and ends event streams
   * whose visitor has gone.
   */
  mount?: (relay: Relay) => WorkersFetchable;
}

/** Anything that serves requests as a Hono app does. */
export interface WorkersFetchable {
  fetch(request: Request, bindings: WorkersBindings, context: WorkersExecutionContext): Response | Promise<Response>;
}

export interface WorkersHandler {
  fetch(request: Request, bindings: WorkersBindings, context: WorkersExecutionContext): Promise<Response>;
  /**
   * For a Cron Trigger: delivers handoffs that no helpdesk took yet. Workers keep no timers between requests, so
   * the relay's own background retries need this to run on a schedule.
   */
  scheduled(controller: unknown, bindings: WorkersBindings, context: WorkersExecutionContext): Promise<void>;
}

/**
 * A Cloudflare Workers module handler serving the relay. The relay is built on the first request, from that
 * request's bindings (Workers hand bindings to `fetch`, not to module scope), and reused by the isolate after.
 *
 * @example
 * import { createWorkersHandler } from '@tandem/relay/workers';
 * import returns from './knowledge/returns.md';
 * export default createWorkersHandler({ knowledge: [{ id: 'returns', markdown: returns }] });
 */
export function createWorkersHandler(handlerOptions: WorkersHandlerOptions = {}): WorkersHandler {
  let relay: Relay | undefined;
  let served:
    | {
        fetch(
          request: Request,
          bindings: WorkersBindings,
          context: WorkersExecutionContext,
        ): Response | Promise<Response>;
      }
    | undefined;
  let configurationError: Error | undefined;

  function relayOf(bindings: WorkersBindings): Relay | undefined {
    if (!relay && !configurationError) {
      try {
        relay = buildRelay(handlerOptions, bindings);
        served = handlerOptions.mount?.(relay) ?? relay;
        if (!relay.handoff) console.warn(JSON.stringify({ level: 'warn', message: NO_HELPDESK_WARNING }));
      } catch (error) {
        configurationError = error instanceof Error ? error : new Error(String(error));
      }
    }
    if (!relay) {
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'tandem relay is not configured',
          error: configurationError?.message,
        }),
      );
    }
    return relay;
  }

  return {
    async fetch(request, bindings, context) {
      const relay = relayOf(bindings);
      if (!relay) {
        return Response.json(
          { error: { code: 'unavailable', message: 'The relay is not configured; its logs say what is missing.' } },
          { status: 503 },
        );
      }
      const response = await (served ?? relay).fetch(request, bindings, context);
      // Answers stream on after the send request has been answered; without waitUntil, Workers may cancel them.
      context.waitUntil(relay.conversations.idle());
      return endWhenClientLeaves(response, request.signal, context, relay.conversations.store);
    },

    async scheduled(_controller, bindings, context) {
      const relay = relayOf(bindings);
      if (relay?.handoff) context.waitUntil(relay.handoff.retryPendingHandoffs());
      // Files of conversations the store has forgotten (deleted, or past retention) go with them.
      if (relay) context.waitUntil(relay.attachments.sweep());
    },
  };
}

// --- internal ---

/**
 * workerd does not cancel a streamed response body when the client hangs up; it aborts `request.signal` instead
 * (with the `enable_request_signal` compatibility flag). Cancelling the SSE body then lets the events route drop
 * its subscription and heartbeat, and the Durable Object store tell its object to drop the listener; `waitUntil`
 * keeps the request alive until that clean-up has finished.
 */
function endWhenClientLeaves(
  response: Response,
  signal: AbortSignal | undefined,
  context: WorkersExecutionContext,
  store: ConversationStore,
): Response {
  const isEventStream = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
  if (!signal || !response.body || !isEventStream) return response;
  const reader = response.body.getReader();
  let finished = false;
  // Cancelling runs the route's clean-up synchronously up to the store's own requests, which `settled()` awaits.
  const finish = (cancel: boolean) => {
    if (finished) return;
    finished = true;
    signal.removeEventListener('abort', hangUp);
    const cancelled = cancel ? reader.cancel().catch(() => undefined) : Promise.resolve();
    context.waitUntil(cancelled.then(() => settledOf(store)));
  };
  function hangUp() {
    finish(true);
  }
  signal.addEventListener('abort', hangUp, { once: true });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) {
        finish(false);
        controller.close();
      } else {
        controller.enqueue(chunk.value);
      }
    },
    cancel() {
      finish(true);
    },
  });
  return new Response(body, response);
}

/** Stores that send requests of their own after a subscription ends say when those are done. */
function settledOf(store: ConversationStore): Promise<void> {
  const settled = (store as ConversationStore & { settled?: () => Promise<void> }).settled;
  return settled ? settled.call(store) : Promise.resolve();
}

function buildRelay(handlerOptions: WorkersHandlerOptions, bindings: WorkersBindings): Relay {
  const stringBindings = Object.fromEntries(Object.entries(bindings).filter(([, value]) => typeof value === 'string'));
  const variables = parseVariables(workersVariablesSchema, {
    ...stringBindings,
    // Options given in code stand in for bindings they make unnecessary.
    ...(handlerOptions.options?.secret ? { TANDEM_SECRET: handlerOptions.options.secret } : {}),
    ...(handlerOptions.options?.allowedOrigins ? { TANDEM_ALLOWED_ORIGINS: '*' } : {}),
  });
  const knowledge = [...(handlerOptions.knowledge ?? []), ...(variables.TANDEM_KNOWLEDGE ?? [])];
  const assistant = handlerOptions.assistant?.(bindings, knowledge) ?? assistantFromVariables(variables, knowledge);
  const store =
    handlerOptions.store?.(bindings) ??
    (isDurableObjectNamespace(bindings.TANDEM_CONVERSATIONS)
      ? createDurableObjectStore({ namespace: bindings.TANDEM_CONVERSATIONS })
      : undefined);
  const handoff = handoffFromBindings(variables);
  const options = relayOptionsFromVariables(variables);
  // Attachments in R2 when a bucket is bound as TANDEM_ATTACHMENTS; else in the isolate's memory (trials only).
  const blobStore = isR2Bucket(bindings.TANDEM_ATTACHMENTS)
    ? createR2BlobStore({ bucket: bindings.TANDEM_ATTACHMENTS })
    : undefined;
  return createRelay({
    ...options,
    ...(handoff ? { handoff } : {}),
    ...(blobStore ? { attachments: { ...options.attachments, blobStore } } : {}),
    ...handlerOptions.options,
    assistant,
    ...(store ? { store } : {}),
  });
}

/** A half-configured helpdesk is reported like any other bad binding. */
function handoffFromBindings(variables: Parameters<typeof handoffFromVariables>[0]) {
  try {
    return handoffFromVariables(variables);
  } catch (error) {
    if (error instanceof HandoffVariablesError) throw new EnvironmentError(error.issues);
    throw error;
  }
}

export { EnvironmentError };
