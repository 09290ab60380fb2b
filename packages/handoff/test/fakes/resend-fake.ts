import { type LoopbackResponse, startLoopbackServer } from './loopback.ts';
import { createMailbox } from './mailbox.ts';

/**
 * A loopback Resend following POST /emails as documented: Bearer API key (401 missing_api_key, 403
 * invalid_api_key), 422 validation_error, and Idempotency-Key replay (same key and body → the same id, nothing
 * sent again; same key, other body → 409 invalid_idempotent_request). Attachments are base64 `content` with a
 * `filename` (and optional `content_type`), at most 40 MB per email.
 */
export async function startFakeResend(options: { apiKey: string; inboundSecret: string; relayURL?: string }) {
  const mailbox = createMailbox(options);
  const keys = new Map<string, { body: string; id: string }>();
  let counter = 0;
  let loseNext = false;
  const failures: LoopbackResponse[] = [];
  const error = (statusCode: number, name: string, message: string): LoopbackResponse => ({
    status: statusCode,
    body: { statusCode, name, message },
  });

  const server = await startLoopbackServer((request) => {
    if (request.method !== 'POST' || request.path !== '/emails')
      return error(404, 'not_found', 'The requested endpoint does not exist.');
    const authorization = request.headers.authorization;
    if (authorization === undefined)
      return error(401, 'missing_api_key', 'Missing API key in the authorization header.');
    if (authorization !== `Bearer ${options.apiKey}`) return error(403, 'invalid_api_key', 'API key is invalid.');
    const failure = failures.shift();
    if (failure !== undefined) return failure;
    const key = request.headers['idempotency-key'];
    if (typeof key === 'string') {
      const seen = keys.get(key);
      if (seen !== undefined && seen.body !== request.body)
        return error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
      if (seen !== undefined) return { status: 200, body: { id: seen.id } };
    }
    const body = JSON.parse(request.body) as {
      from?: string;
      to?: string | string[];
      subject?: string;
      html?: string;
      text?: string;
      reply_to?: string;
      headers?: Record<string, string>;
      attachments?: { filename?: string; content?: string; path?: string; content_type?: string }[];
    };
    if (!body.from || !body.to || !body.subject)
      return error(422, 'validation_error', 'The `from`, `to` and `subject` fields are required.');
    const attachments = body.attachments ?? [];
    if (attachments.some((attachment) => !attachment.filename || (!attachment.content && !attachment.path)))
      return error(422, 'validation_error', 'Each attachment needs a `filename` and either `content` or `path`.');
    if (attachments.reduce((total, attachment) => total + (attachment.content?.length ?? 0), 0) > 40 * 1024 * 1024)
      return error(422, 'validation_error', 'Emails can be at most 40MB including attachments.');
    const id = `re_${++counter}`;
    if (typeof key === 'string') keys.set(key, { body: request.body, id });
    const headers = Object.fromEntries(
      Object.entries(body.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    mailbox.received.push({
      messageId: headers['message-id'] ?? `<${id}@resend.dev>`,
      from: body.from,
      to: Array.isArray(body.to) ? body.to : [body.to],
      replyTo: body.reply_to ?? '',
      subject: body.subject,
      text: (body.text ?? '').trim(),
      html: body.html ?? '',
      headers,
      attachments: attachments.map((attachment) => ({
        filename: attachment.filename ?? '',
        contentType: attachment.content_type ?? 'application/octet-stream',
        content: new Uint8Array(Buffer.from(attachment.content ?? '', 'base64')),
      })),
    });
    if (loseNext) {
      loseNext = false;
      return 'drop';
    }
    return { status: 200, body: { id } };
  });

  return {
    url: server.url,
    mailbox,
    loseNextResponse() {
      loseNext = true;
    },
    failNext(response: LoopbackResponse) {
      failures.push(response);
    },
    close: () => server.close(),
  };
}

export type FakeResend = Awaited<ReturnType<typeof startFakeResend>>;
