/** Lines that start the quoted history in common mail clients, in several languages. */
const ATTRIBUTION_PATTERNS = [
  /^On\b.*\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^Am\b.*\bschrieb\b.*:\s*$/i, // German
  /^Le\b.*\ba écrit\s*:\s*$/i, // French
  /^El\b.*\bescribió:\s*$/i, // Spanish
  /^Op\b.*\bschreef\b.*:\s*$/i, // Dutch
];
const SEPARATOR_PATTERNS = [
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook
  /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule before its From:/Sent: block
];
const OUTLOOK_HEADER = /^\*?From:\*?\s/i;
const OUTLOOK_FOLLOWING_HEADER = /^\*?(Sent|Date|To|Subject):\*?\s/i;
/** RFC 3676 signature delimiter "-- " (some clients drop the trailing space). */
const SIGNATURE_DELIMITER = /^-- ?$/;
const MOBILE_SIGNATURE = /^Sent from my \w+/i;

/**
 * The new part of an email reply: everything before the quoted history, without "> " quoted lines and without
 * the signature. An agent's reply must reach the customer without the whole thread (and its context packet,
 * which is internal) appended.
 */
export function stripQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const trimmed = line.trim();
    const next = (lines[index + 1] ?? '').trim();
    if (SIGNATURE_DELIMITER.test(line) || MOBILE_SIGNATURE.test(trimmed)) break;
    if (SEPARATOR_PATTERNS.some((pattern) => pattern.test(trimmed))) break;
    if (ATTRIBUTION_PATTERNS.some((pattern) => pattern.test(trimmed))) break;
    // Gmail wraps long attributions: "On Mon, 5 Jan 2026 at 10:00, Grace Hopper <grace@…>" / "wrote:"
    if (
      /^(On|Am|Le|El|Op)\b/i.test(trimmed) &&
      ATTRIBUTION_PATTERNS.some((pattern) => pattern.test(`${trimmed} ${next}`))
    )
      break;
    if (
      OUTLOOK_HEADER.test(trimmed) &&
      lines.slice(index + 1, index + 5).some((following) => OUTLOOK_FOLLOWING_HEADER.test(following.trim()))
    )
      break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A readable text version of an HTML-only email: tags dropped, breaks kept, common entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<blockquote[^>]*>[\s\S]*?<\/blockquote>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
