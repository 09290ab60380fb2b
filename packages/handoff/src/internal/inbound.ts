import { HandoffError } from '../errors.ts';

/**
 * Webhook bodies larger than this are refused before any parsing. Most helpdesk events are small, but an inbound
 * e-mail carries its whole HTML; the relay gives its webhook routes this same limit.
 */
export const MAX_INBOUND_BYTES = 1024 * 1024;

/** Reads the exact body bytes once: signatures cover the raw bytes, never a re-serialised object. */
export async function readRawBody(request: Request, adapter: string): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_INBOUND_BYTES) throw new HandoffError('bad_request', 'the webhook body is too large', { adapter });
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > MAX_INBOUND_BYTES)
    throw new HandoffError('bad_request', 'the webhook body is too large', { adapter });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HandoffError('bad_request', 'the webhook body is not UTF-8', { adapter });
  }
}

/** Refuses requests whose signed timestamp (seconds) is outside the window either way: stale or replayed later. */
export function assertFreshTimestamp(
  timestamp: string | null,
  options: { adapter: string; nowMs: number; toleranceSeconds: number },
): number {
  if (timestamp === null || !/^\d{1,12}$/.test(timestamp))
    throw unauthorized(options.adapter, 'no valid signature timestamp');
  const seconds = Number(timestamp);
  if (Math.abs(options.nowMs / 1000 - seconds) > options.toleranceSeconds) {
    throw unauthorized(options.adapter, 'the signature timestamp is outside the allowed window');
  }
  return seconds;
}

export function unauthorized(adapter: string, message: string): HandoffError {
  return new HandoffError('unauthorized', message, { adapter, retryable: false });
}

export function badRequest(adapter: string, message: string): HandoffError {
  return new HandoffError('bad_request', message, { adapter, retryable: false });
}

/** A JSON 200 response, e.g. Slack's challenge echo. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
