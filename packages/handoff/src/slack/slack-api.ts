import { HandoffError } from '../errors.ts';
import type { HttpClient } from '../internal/http.ts';

/** Slack Web API `error` strings, grouped by what the relay should do about them. */
const AUTH_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'not_allowed_token_type',
]);
const NOT_FOUND_ERRORS = new Set([
  'channel_not_found',
  'thread_not_found',
  'user_not_found',
  'message_not_found',
  'not_in_channel',
  'is_archived',
  'file_not_found',
  'file_deleted',
]);
const RETRYABLE_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export type SlackApiCall = (
  method: string,
  body: Record<string, unknown>,
  verb?: 'GET' | 'POST' | 'FORM',
) => Promise<Record<string, unknown>>;

/**
 * Calls a Web API method (https://api.slack.com/web): JSON POST with a Bearer token, a form POST (the encoding every
 * method accepts, used for the file upload methods), or GET with a query.
 * Slack answers 200 with `ok: false` for most errors, and 429 with Retry-After when rate limited.
 */
export function createSlackApi(http: HttpClient, adapter: string): SlackApiCall {
  return async (method, body, verb = 'POST') => {
    const response =
      verb === 'GET'
        ? await http({ method: 'GET', path: `/${method}`, query: stringify(body) })
        : verb === 'FORM'
          ? await http({
              method: 'POST',
              path: `/${method}`,
              body: formBody(body),
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            })
          : await http({ method: 'POST', path: `/${method}`, body });
    const result = response.body as Record<string, unknown> | undefined;
    if (typeof result !== 'object' || result === null) {
      throw new HandoffError('unavailable', `${method} answered with a body that is not JSON`, {
        adapter,
        retryable: true,
      });
    }
    if (result.ok === true) return result;
    const error = typeof result.error === 'string' ? result.error : 'unknown_error';
    const code = AUTH_ERRORS.has(error)
      ? 'auth_failed'
      : NOT_FOUND_ERRORS.has(error)
        ? 'not_found'
        : error === 'ratelimited'
          ? 'rate_limited'
          : RETRYABLE_ERRORS.has(error)
            ? 'unavailable'
            : 'rejected';
    throw new HandoffError(code, `${method} failed: ${error}`, { adapter, retryable: RETRYABLE_ERRORS.has(error) });
  };
}

/**
 * The bot's own user id: the configured one, else learned once from auth.test (undefined while Slack cannot say),
 * so the bot's own posts and file shares, which may come back without a bot_id, are never taken for a person's.
 */
export function createOwnUserId(api: SlackApiCall, configured: string | undefined): () => Promise<string | undefined> {
  let learned = configured;
  return async () => {
    if (learned !== undefined) return learned;
    const answer = await api('auth.test', {}).catch(() => ({}) as Record<string, unknown>);
    if (typeof answer.user_id === 'string') learned = answer.user_id;
    return learned;
  };
}

// --- internal ---

/** Form values are strings; arrays and objects (files.completeUploadExternal's `files`) are sent as JSON text. */
function formBody(body: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined) continue;
    form.set(name, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
  }
  return form.toString();
}

function stringify(body: Record<string, unknown>): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) query[name] = value === undefined ? undefined : String(value);
  return query;
}
