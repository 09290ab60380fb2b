import { HandoffError, isRetryableStatus } from '../errors.ts';

export interface HttpClientOptions {
  adapter: string;
  baseURL: string;
  fetch?: typeof globalThis.fetch | undefined;
  headers?: Record<string, string> | undefined;
  /** Bounds every call; a helpdesk that hangs counts as unavailable. */
  timeoutMs?: number | undefined;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  /** Sent as JSON, or as is when a string or bytes (with its own content type in `headers`). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * A small JSON client over the given fetch: every failure becomes a HandoffError with a code,
 * `retryable` from the status (408/409/429/5xx) and `retryAfterMs` from Retry-After.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const fetchFunction = options.fetch ?? globalThis.fetch;
  const baseURL = options.baseURL.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { adapter } = options;

  return async (request) => {
    const url = new URL(baseURL + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...request.headers };
    let body: string | Uint8Array | undefined;
    if (typeof request.body === 'string' || request.body instanceof Uint8Array) body = request.body;
    else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    let response: Response;
    try {
      response = await fetchFunction(url, {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body: body as BodyInit }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new HandoffError('unavailable', `${request.method} ${request.path} failed: ${describe(error)}`, {
        adapter,
        retryable: true,
        cause: error,
      });
    }
    const text = await response.text();
    const parsed = parseBody(text);
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      throw new HandoffError(
        codeForStatus(response.status),
        `${request.method} ${request.path} answered ${response.status}: ${text.slice(0, 300)}`,
        { adapter, status: response.status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      );
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
}

/** Retry-After is seconds or an HTTP date; returns milliseconds to wait. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function codeForStatus(status: number) {
  if (status === 401 || status === 403) return 'auth_failed' as const;
  if (status === 404) return 'not_found' as const;
  if (status === 429) return 'rate_limited' as const;
  if (isRetryableStatus(status)) return 'unavailable' as const;
  return 'rejected' as const;
}

// --- internal ---

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
