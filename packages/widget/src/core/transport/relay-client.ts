import type {
  ContactRequest,
  ContactResponse,
  ConversationEvent,
  CreateConversationRequest,
  CreateConversationResponse,
  HandoffRequest,
  RatingRequest,
  RefreshTokenResponse,
  SendMessageRequest,
  SendMessageResponse,
} from '@tandem/protocol';
import { ServerSentEventParser } from './sse-parser.ts';

/** An error answered by the relay; `retryable` says whether trying the same call later can help. */
export class RelayRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From a Retry-After header (a busy relay's 503, a 429): how long to wait before trying again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RelayRequestError';
  }

  get retryable(): boolean {
    // A relay that refuses this page's origin refuses it again: the merchant must change its configuration.
    if (this.code === 'origin_refused') return false;
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface RelayClientOptions {
  relayUrl: string;
  fetch?: typeof fetch;
}

export interface EventStreamRequest {
  conversationId: string;
  token: string;
  lastEventId: number;
  signal: AbortSignal;
  onEvent(event: ConversationEvent): void;
  onOpen?(): void;
  onRetryHint?(milliseconds: number): void;
  /** Called for every chunk received, heartbeats included: proof the connection is alive. */
  onActivity?(): void;
}

/** The relay's HTTP API as plain functions. */
export class RelayClient {
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;

  constructor(options: RelayClientOptions) {
    this.#baseUrl = options.relayUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  createConversation(request: CreateConversationRequest): Promise<CreateConversationResponse> {
    return this.#json('/v1/conversations', { method: 'POST', body: JSON.stringify(request) });
  }

  sendMessage(conversationId: string, token: string, request: SendMessageRequest): Promise<SendMessageResponse> {
    return this.#json(`/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST',
      body: JSON.stringify(request),
      headers: { authorization: `Bearer ${token}` },
    });
  }

  requestHandoff(conversationId: string, token: string, request: HandoffRequest): Promise<unknown> {
    return this.#post(conversationId, 'handoff', token, request);
  }

  /** `delivery` is missing from relays older than the field: treated as kept, never as a promise. */
  sendContact(conversationId: string, token: string, request: ContactRequest): Promise<Partial<ContactResponse>> {
    return this.#post(conversationId, 'contact', token, request) as Promise<Partial<ContactResponse>>;
  }

  rate(conversationId: string, token: string, request: RatingRequest): Promise<unknown> {
    return this.#post(conversationId, 'rating', token, request);
  }

  close(conversationId: string, token: string): Promise<unknown> {
    return this.#post(conversationId, 'close', token, {});
  }

  refreshToken(conversationId: string, token: string): Promise<RefreshTokenResponse> {
    return this.#post(conversationId, 'token', token, {}) as Promise<RefreshTokenResponse>;
  }

  /**
   * Reads the event stream until it ends or `signal` aborts. A fetch-based reader rather than
   * EventSource, so the token travels in a header instead of the URL.
   */
  async streamEvents(request: EventStreamRequest): Promise<void> {
    const response = await this.#request(`/v1/conversations/${encodeURIComponent(request.conversationId)}/events`, {
      headers: {
        authorization: `Bearer ${request.token}`,
        accept: 'text/event-stream',
        ...(request.lastEventId > 0 ? { 'last-event-id': String(request.lastEventId) } : {}),
      },
      signal: request.signal,
    });
    if (!response.body) throw new RelayRequestError(0, 'no_body', 'The event stream has no body.');
    request.onOpen?.();
    const parser = new ServerSentEventParser((sse) => {
      const event = parseEvent(sse.data);
      if (event) request.onEvent(event);
    }, request.onRetryHint);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        request.onActivity?.();
        parser.push(value);
      }
    } finally {
      reader.releaseLock();
    }
  }

  #post(conversationId: string, action: string, token: string, body: unknown): Promise<unknown> {
    return this.#json(`/v1/conversations/${encodeURIComponent(conversationId)}/${action}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${token}` },
    });
  }

  async #json<T>(path: string, init: RequestInit): Promise<T> {
    const response = await this.#request(path, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  #refusesThisOrigin(path: string): Promise<boolean> {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return Promise.resolve(false);
    return reachableWithoutCors(this.#fetch, this.#baseUrl + path);
  }

  async #request(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await this.#fetch(this.#baseUrl + path, init);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      if (!(await this.#refusesThisOrigin(path))) {
        throw new RelayRequestError(0, 'network', 'The relay could not be reached.');
      }
      // A relay that was down a moment ago and is back answers the probe too: only a second failure of the request
      // itself, with the relay reachable, means the origin is refused. (A refused request never reached the relay.)
      try {
        response = await this.#fetch(this.#baseUrl + path, init);
      } catch (retryError) {
        if (init.signal?.aborted) throw retryError;
        throw new RelayRequestError(
          0,
          'origin_refused',
          `the relay at ${this.#baseUrl} refuses this page's origin: add "${location.origin}" to its allowedOrigins (TANDEM_ALLOWED_ORIGINS).`,
        );
      }
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as
        | { error?: { code?: string; message?: string } }
        | undefined;
      throw new RelayRequestError(
        response.status,
        body?.error?.code ?? 'http_error',
        body?.error?.message ?? `The relay answered ${response.status}.`,
        retryAfterOf(response.headers.get('retry-after')),
      );
    }
    return response;
  }
}

/** Retry-After in seconds (what the relay sends), capped at ten minutes; a date or nonsense is ignored. */
function retryAfterOf(header: string | null): number | undefined {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Math.min(Number(header) * 1000, 600_000);
}

/**
 * A browser hides why a cross-origin request failed. A request that needs no CORS (`no-cors`, no Origin check on a
 * GET) tells the two cases apart: it gets through when the relay is up and refused only this page's origin, and
 * fails too when the relay (or the network) is down.
 */
async function reachableWithoutCors(fetcher: typeof fetch, url: string): Promise<boolean> {
  if (
    typeof location === 'undefined' ||
    !/^https?:$/.test(location.protocol) ||
    new URL(url).origin === location.origin
  ) {
    return false;
  }
  try {
    await fetcher(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

function parseEvent(data: string): ConversationEvent | undefined {
  try {
    const value = JSON.parse(data) as ConversationEvent;
    return typeof value === 'object' && value !== null && typeof value.id === 'number' && typeof value.type === 'string'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}
