import type { Context } from 'hono';
import { RelayError } from '../errors.ts';
import { constantTimeEqual, utf8 } from './encoding.ts';

/** Who may use the staff pages (the console and its inbox): `handoff.inboxToken`, `TANDEM_INBOX_TOKEN`. */
export interface StaffAccess {
  /** Required as `Authorization: Bearer <token>` on the staff API. */
  token?: string | undefined;
  /** Without a token, serve the staff pages to anyone who can reach the relay (your own machine only). */
  development: boolean;
}

/** Served at all: with a token, or in development. Otherwise the staff routes answer 404 as if absent. */
export function staffPagesEnabled(access: StaffAccess): boolean {
  return access.token !== undefined || access.development;
}

/** Throws 404 when the staff pages are off and 401 unless the request carries the staff token. */
export function requireStaff(context: Context, access: StaffAccess): void {
  if (!staffPagesEnabled(access)) throw new RelayError('not_found', 'No such route.');
  if (access.token === undefined) return;
  const given = /^Bearer\s+(\S+)$/i.exec(context.req.header('authorization') ?? '')?.[1] ?? '';
  if (!constantTimeEqual(utf8(given), utf8(access.token))) {
    throw new RelayError('unauthorized', 'Send the staff token (the inbox token) as "Authorization: Bearer <token>".');
  }
}
