import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createMailbox } from './mailbox.ts';

/**
 * A real SMTP server (the smtp-server package) on 127.0.0.1, with mailparser reading what arrives, so the
 * email adapter is tested through nodemailer, the SMTP protocol and MIME, not a stand-in.
 */
export async function startFakeSmtp(options: {
  inboundSecret: string;
  user?: string;
  password?: string;
  relayURL?: string;
}) {
  const mailbox = createMailbox(options);
  let loseNext = false;
  const sockets = new Set<Socket>();
  let rejectNext: { code: number; message: string } | undefined;
  const server = new SMTPServer({
    authOptional: options.user === undefined,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password)
        return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (rejectNext !== undefined) {
            const { code, message } = rejectNext;
            rejectNext = undefined;
            return callback(Object.assign(new Error(message), { responseCode: code }));
          }
          const headers: Record<string, string> = {};
          for (const [name, value] of parsed.headers)
            headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
          const address = (field: typeof parsed.replyTo) =>
            (Array.isArray(field) ? field : field === undefined ? [] : [field]).flatMap((entry) =>
              entry.value.map((item: { address?: string }) => item.address ?? ''),
            );
          mailbox.received.push({
            messageId: parsed.messageId ?? '',
            from: parsed.from?.text ?? '',
            to: address(parsed.to as typeof parsed.replyTo),
            replyTo: address(parsed.replyTo)[0] ?? '',
            subject: parsed.subject ?? '',
            text: (parsed.text ?? '').trim(),
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers,
            attachments: parsed.attachments.map((attachment) => ({
              filename: attachment.filename ?? '',
              contentType: attachment.contentType,
              content: new Uint8Array(attachment.content),
            })),
          });
          if (loseNext) {
            // The message is stored, but the client never hears "250 OK": a lost response.
            loseNext = false;
            for (const socket of sockets) socket.destroy();
            return;
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    mailbox,
    loseNextResponse() {
      loseNext = true;
    },
    /** The next message is refused with this SMTP reply code (4xx temporary, 5xx permanent). */
    rejectNext(code: number, message: string) {
      rejectNext = { code, message };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeSmtp = Awaited<ReturnType<typeof startFakeSmtp>>;
