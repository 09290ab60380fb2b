import { hmacSha256, sha256Hex, toHex } from '../internal/crypto.ts';

/**
 * Reply addresses carry a signed ticket token: support+<ticket>.<mac>@reply.example.com. Only lowercase hex is
 * used because mail systems may change the case of an address.
 */
export async function ticketIdFor(idempotencyKey: string): Promise<string> {
  return (await sha256Hex(`tandem-email-ticket:${idempotencyKey}`)).slice(0, 24);
}

export async function replyToken(secret: string, ticketId: string): Promise<string> {
  return `${ticketId}.${await tokenMac(secret, ticketId)}`;
}

export async function replyAddress(secret: string, ticketId: string, address: string): Promise<string> {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}+${await replyToken(secret, ticketId)}${address.slice(at)}`;
}

/** Finds the ticket in any of the recipient addresses; undefined when no address carries a valid token. */
export async function ticketFromRecipients(secret: string, recipients: string[]): Promise<string | undefined> {
  for (const recipient of recipients) {
    const match = /\+([0-9a-f]{24})\.([0-9a-f]{20})@/i.exec(recipient);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const ticketId = match[1].toLowerCase();
    // Both sides are MACs of the same length compared as HMACs again, so timing reveals nothing about the token.
    const expected = await tokenMac(secret, ticketId);
    if (await sameString(secret, expected, match[2].toLowerCase())) return ticketId;
  }
  return undefined;
}

// --- internal ---

async function tokenMac(secret: string, ticketId: string): Promise<string> {
  return toHex(await hmacSha256(secret, `tandem-reply:${ticketId}`)).slice(0, 20);
}

async function sameString(secret: string, left: string, right: string): Promise<boolean> {
  const [a, b] = await Promise.all([hmacSha256(secret, left), hmacSha256(secret, right)]);
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}
