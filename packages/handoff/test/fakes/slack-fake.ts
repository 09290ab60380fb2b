import { signSlackRequest } from '../../src/slack/signature.ts';
import { type LoopbackRequest, type LoopbackResponse, parseRequestBody, startLoopbackServer } from './loopback.ts';

export interface FakeSlackUser {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  user?: string;
  botId?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Files shared with the message (files.completeUploadExternal, or a person's upload). */
  files?: FakeSlackFile[];
}

/** A file Slack holds, with the bytes it was given. */
export interface FakeSlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  bytes: Uint8Array;
}

/** A Web API failure to inject into the next call of one method. */
export type FakeSlackFailure =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'status'; status: number }
  | { kind: 'error'; error: string }
  /** Perform the call, then drop the connection: the caller never learns it worked. */
  | { kind: 'lose-response' };

export interface FakeSlackOptions {
  botToken: string;
  signingSecret: string;
  channels?: string[];
  users?: FakeSlackUser[];
  botUserId?: string;
  /** Where the signed Events API requests are addressed (the relay's webhook URL). */
  eventsURL?: string;
}

/**
 * A loopback Slack that follows the documented contracts: Web API methods with Bearer auth answering
 * `{ ok: false, error }` (invalid_auth, channel_not_found, invalid_blocks, …) or 429 with Retry-After, and
 * Events API requests signed with the v0 scheme exactly as Slack signs them. Files follow the external upload
 * flow (files.getUploadURLExternal → POST the bytes to a one-time upload URL → files.completeUploadExternal into a
 * channel or thread; files.upload answers `method_deprecated`), and shared files are served at `url_private`
 * only with the bot token (without it, Slack's sign-in page comes back as HTML with status 200, as Slack does).
 */
export async function startFakeSlack(options: FakeSlackOptions) {
  const channels = new Set(options.channels ?? ['C0HANDOFF']);
  const users = new Map((options.users ?? []).map((user) => [user.id, user]));
  const botUserId = options.botUserId ?? 'UBOT';
  const eventsURL = options.eventsURL ?? 'http://127.0.0.1/v1/webhooks/slack';
  const messages: FakeSlackMessage[] = [];
  const calls: { method: string; body: Record<string, unknown> }[] = [];
  const failures = new Map<string, FakeSlackFailure[]>();
  let counter = 0;
  let eventCounter = 0;
  const pendingUploads = new Map<string, { id: string; filename: string; length: number; bytes?: Uint8Array }>();
  const storedFiles = new Map<string, FakeSlackFile>();
  /** What reached the one-time upload URLs: the Authorization header sent (none is needed) and the byte count. */
  const uploadRequests: { authorization: string | undefined; bytes: number }[] = [];
  let fileCounter = 0;
  const fileObject = (file: FakeSlackFile) => ({
    id: file.id,
    name: file.name,
    title: file.title,
    mimetype: file.mimetype,
    filetype: file.name.split('.').pop() ?? 'binary',
    size: file.size,
    mode: 'hosted',
    url_private: `${server.url}/files-pri/T0TANDEM-${file.id}/${encodeURIComponent(file.name)}`,
    url_private_download: `${server.url}/files-pri/T0TANDEM-${file.id}/download/${encodeURIComponent(file.name)}`,
  });

  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;

  const methods: Record<string, (body: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({ ok: true, user_id: botUserId, team_id: 'T0TANDEM' }),
    'chat.postMessage': (body) => {
      const channel = String(body.channel ?? '');
      if (!channels.has(channel)) return { ok: false, error: 'channel_not_found' };
      const blocks =
        typeof body.blocks === 'string'
          ? (JSON.parse(body.blocks) as unknown[])
          : (body.blocks as unknown[] | undefined);
      if ((body.text === undefined || body.text === '') && blocks === undefined) return { ok: false, error: 'no_text' };
      if (blocks !== undefined && !validBlocks(blocks)) return { ok: false, error: 'invalid_blocks' };
      const threadTs = body.thread_ts === undefined ? undefined : String(body.thread_ts);
      if (
        threadTs !== undefined &&
        !messages.some((message) => message.channel === channel && message.ts === threadTs)
      ) {
        return { ok: false, error: 'thread_not_found' };
      }
      const message: FakeSlackMessage = {
        channel,
        ts: nextTs(),
        text: String(body.text ?? ''),
        botId: 'B0TANDEM',
        user: botUserId,
        ...(blocks === undefined ? {} : { blocks }),
        ...(threadTs === undefined ? {} : { threadTs }),
        ...(typeof body.metadata === 'object' && body.metadata !== null
          ? { metadata: body.metadata as NonNullable<FakeSlackMessage['metadata']> }
          : {}),
      };
      messages.push(message);
      return {
        ok: true,
        channel,
        ts: message.ts,
        message: { text: message.text, ts: message.ts, bot_id: message.botId },
      };
    },
    'conversations.history': (body) => {
      const channel = String(body.channel ?? '');
      if (!channels.has(channel)) return { ok: false, error: 'channel_not_found' };
      const oldest = Number(body.oldest ?? 0);
      const includeMetadata = String(body.include_all_metadata) === 'true';
      const limit = Math.min(Number(body.limit ?? 100), 1000);
      const parents = messages
        .filter(
          (message) => message.channel === channel && message.threadTs === undefined && Number(message.ts) >= oldest,
        )
        .reverse()
        .slice(0, limit)
        .map((message) => ({
          type: 'message',
          ts: message.ts,
          text: message.text,
          ...(message.botId === undefined ? {} : { bot_id: message.botId }),
          ...(includeMetadata && message.metadata !== undefined ? { metadata: message.metadata } : {}),
        }));
      return { ok: true, messages: parents, has_more: false };
    },
    'files.upload': () => ({ ok: false, error: 'method_deprecated' }),
    'files.getUploadURLExternal': (body) => {
      const filename = String(body.filename ?? '');
      const length = Number(body.length ?? 0);
      if (filename === '' || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'missing_argument' };
      if (length > 1024 * 1024 * 1024) return { ok: false, error: 'file_upload_size_restricted' };
      const id = `F0${String(++fileCounter).padStart(8, '0')}`;
      const token = `${id}-${Math.random().toString(36).slice(2)}`;
      pendingUploads.set(token, { id, filename, length });
      return { ok: true, upload_url: `${server.url}/upload/v1/${token}`, file_id: id };
    },
    'files.completeUploadExternal': (body) => {
      let listed: { id?: unknown; title?: unknown }[];
      try {
        listed = (typeof body.files === 'string' ? JSON.parse(body.files) : body.files) as typeof listed;
      } catch {
        return { ok: false, error: 'invalid_arguments' };
      }
      if (!Array.isArray(listed) || listed.length === 0) return { ok: false, error: 'invalid_arguments' };
      const uploads = listed.map((entry) => [...pendingUploads.values()].find((upload) => upload.id === entry.id));
      if (uploads.some((upload) => upload?.bytes === undefined)) return { ok: false, error: 'file_not_found' };
      const channel = body.channel_id === undefined ? undefined : String(body.channel_id);
      if (channel !== undefined && !channels.has(channel)) return { ok: false, error: 'channel_not_found' };
      const threadTs = body.thread_ts === undefined ? undefined : String(body.thread_ts);
      if (threadTs !== undefined && channel === undefined) return { ok: false, error: 'invalid_arguments' };
      if (
        threadTs !== undefined &&
        !messages.some((message) => message.channel === channel && message.ts === threadTs)
      ) {
        return { ok: false, error: 'thread_not_found' };
      }
      const shared = uploads.map((upload, index) => {
        const pending = upload as { id: string; filename: string; bytes: Uint8Array };
        const title = listed[index]?.title;
        const file: FakeSlackFile = {
          id: pending.id,
          name: pending.filename,
          title: typeof title === 'string' && title !== '' ? title : pending.filename,
          mimetype: mimetypeOf(pending.filename),
          size: pending.bytes.byteLength,
          bytes: pending.bytes,
        };
        storedFiles.set(file.id, file);
        for (const [token, candidate] of pendingUploads) if (candidate.id === file.id) pendingUploads.delete(token);
        return file;
      });
      if (channel !== undefined) {
        // A file share made with a bot token is a message by the bot user, without a bot_id.
        messages.push({
          channel,
          ts: nextTs(),
          text: String(body.initial_comment ?? ''),
          user: botUserId,
          files: shared,
          ...(threadTs === undefined ? {} : { threadTs }),
        });
      }
      return { ok: true, files: shared.map((file) => ({ id: file.id, title: file.title })) };
    },
    'files.info': (body) => {
      const file = storedFiles.get(String(body.file ?? ''));
      return file === undefined ? { ok: false, error: 'file_not_found' } : { ok: true, file: fileObject(file) };
    },
    'conversations.replies': (body) => {
      const channel = String(body.channel ?? '');
      if (!channels.has(channel)) return { ok: false, error: 'channel_not_found' };
      const ts = String(body.ts ?? '');
      const parent = messages.find((message) => message.channel === channel && message.ts === ts);
      if (parent === undefined) return { ok: false, error: 'thread_not_found' };
      const thread = [parent, ...messages.filter((message) => message.channel === channel && message.threadTs === ts)];
      return {
        ok: true,
        has_more: false,
        messages: thread.slice(0, Math.min(Number(body.limit ?? 1000), 1000)).map((message) => ({
          type: 'message',
          ts: message.ts,
          text: message.text,
          ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
          ...(message.user === undefined ? {} : { user: message.user }),
          ...(message.botId === undefined ? {} : { bot_id: message.botId }),
          ...(message.files === undefined ? {} : { files: message.files.map(fileObject) }),
        })),
      };
    },
    'users.info': (body) => {
      const user = users.get(String(body.user ?? ''));
      if (user === undefined) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id: user.id,
          name: user.name,
          real_name: user.realName ?? '',
          profile: { display_name: user.displayName ?? '', real_name: user.realName ?? '' },
        },
      };
    },
  };

  const server = await startLoopbackServer((request: LoopbackRequest): LoopbackResponse | 'drop' => {
    const upload = /^\/upload\/v1\/([^/]+)$/.exec(request.path);
    if (upload !== null) return receiveUpload(upload[1] ?? '', request);
    const download = /^\/files-pri\/T0TANDEM-([A-Z0-9]+)\/(?:download\/)?[^/]+$/.exec(request.path);
    if (download !== null) return serveFile(download[1] ?? '', request);
    const method = request.path.replace(/^\/api\//, '');
    const handler = methods[method];
    if (handler === undefined) return { status: 404, body: { ok: false, error: 'unknown_method' } };
    const authorization = String(request.headers.authorization ?? '');
    if (authorization === '') return { status: 200, body: { ok: false, error: 'not_authed' } };
    if (authorization !== `Bearer ${options.botToken}`)
      return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const body = parseRequestBody(request);
    calls.push({ method, body });
    const failure = failures.get(method)?.shift();
    if (failure?.kind === 'rate-limit') {
      return {
        status: 429,
        headers: { 'retry-after': String(failure.retryAfterSeconds) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    if (failure?.kind === 'status') return { status: failure.status, body: 'upstream error' };
    if (failure?.kind === 'error') return { status: 200, body: { ok: false, error: failure.error } };
    const result = handler(body);
    if (failure?.kind === 'lose-response') return 'drop';
    return { status: 200, body: result };
  });

  /** The one-time upload URL: raw bytes of exactly the announced length; answers "OK - <length>". */
  function receiveUpload(token: string, request: LoopbackRequest): LoopbackResponse {
    const pending = pendingUploads.get(token);
    uploadRequests.push({ authorization: request.headers.authorization, bytes: request.bytes.byteLength });
    if (request.method !== 'POST' || pending === undefined) return { status: 404, body: 'Not Found' };
    if (request.bytes.byteLength !== pending.length)
      return { status: 400, body: `length mismatch: expected ${pending.length}, got ${request.bytes.byteLength}` };
    pending.bytes = request.bytes;
    return { status: 200, body: `OK - ${request.bytes.byteLength}` };
  }

  function serveFile(id: string, request: LoopbackRequest): LoopbackResponse {
    const file = storedFiles.get(id);
    if (request.headers.authorization !== `Bearer ${options.botToken}`) {
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>',
      };
    }
    if (file === undefined) return { status: 404, body: 'file not found' };
    return { status: 200, headers: { 'content-type': file.mimetype }, body: file.bytes };
  }

  /** Builds an Events API / slash command request signed as Slack signs it. */
  async function signedRequest(
    body: string,
    contentType: string,
    settings: { timestampSeconds?: number; retryNum?: number; signingSecret?: string } = {},
  ): Promise<Request> {
    const timestamp = String(settings.timestampSeconds ?? Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': await signSlackRequest(settings.signingSecret ?? options.signingSecret, timestamp, body),
    };
    if (settings.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(settings.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return new Request(eventsURL, { method: 'POST', headers, body });
  }

  function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${String(++eventCounter).padStart(8, '0')}`) {
    return JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: 'T0TANDEM',
      api_app_id: 'A0TANDEM',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
    });
  }

  return {
    url: server.url,
    /** Pass as the adapter's `baseURL`. */
    apiURL: `${server.url}/api`,
    messages,
    calls,
    botUserId,
    addUser(user: FakeSlackUser) {
      users.set(user.id, user);
    },
    /** Makes the next call(s) of `method` fail as described, in order. */
    failNext(method: string, ...failuresToAdd: FakeSlackFailure[]) {
      failures.set(method, [...(failures.get(method) ?? []), ...failuresToAdd]);
    },
    parents(channel?: string) {
      return messages.filter(
        (message) => message.threadTs === undefined && (channel === undefined || message.channel === channel),
      );
    },
    thread(channel: string, threadTs: string) {
      return messages.filter((message) => message.channel === channel && message.threadTs === threadTs);
    },
    /** A person writes in a handoff thread: stored like Slack would, and the signed event to deliver. */
    async humanReply(
      reply: { channel: string; threadTs: string; user: string; text: string },
      settings: Parameters<typeof signedRequest>[2] = {},
    ) {
      const ts = nextTs();
      messages.push({ channel: reply.channel, ts, text: reply.text, threadTs: reply.threadTs, user: reply.user });
      const event = {
        type: 'message',
        channel: reply.channel,
        user: reply.user,
        text: reply.text,
        ts,
        thread_ts: reply.threadTs,
        event_ts: ts,
        channel_type: 'channel',
      };
      return signedRequest(eventEnvelope(event), 'application/json', settings);
    },
    /**
     * A person shares files in a handoff thread (with optional text): the files are stored as Slack stores an
     * upload, and the signed `message` event with subtype `file_share` and its `files` is returned. With
     * `slackConnect`, the event lists each file only as `{ id, file_access: "check_file_info" }`.
     */
    async humanFileShare(
      share: {
        channel: string;
        threadTs: string;
        user: string;
        text?: string;
        files: { name: string; mimetype?: string; bytes: Uint8Array }[];
        slackConnect?: boolean;
      },
      settings: Parameters<typeof signedRequest>[2] = {},
    ) {
      const shared = share.files.map((input) => {
        const file: FakeSlackFile = {
          id: `F0${String(++fileCounter).padStart(8, '0')}`,
          name: input.name,
          title: input.name,
          mimetype: input.mimetype ?? mimetypeOf(input.name),
          size: input.bytes.byteLength,
          bytes: input.bytes,
        };
        storedFiles.set(file.id, file);
        return file;
      });
      const ts = nextTs();
      messages.push({
        channel: share.channel,
        ts,
        text: share.text ?? '',
        threadTs: share.threadTs,
        user: share.user,
        files: shared,
      });
      const event = {
        type: 'message',
        subtype: 'file_share',
        channel: share.channel,
        user: share.user,
        text: share.text ?? '',
        files: shared.map((file) =>
          share.slackConnect === true ? { id: file.id, file_access: 'check_file_info' } : fileObject(file),
        ),
        upload: false,
        ts,
        thread_ts: share.threadTs,
        event_ts: ts,
        channel_type: 'channel',
      };
      return signedRequest(eventEnvelope(event), 'application/json', settings);
    },
    /** Every file Slack holds, by id. */
    files: storedFiles,
    uploadRequests,
    async reaction(
      added: { channel: string; ts: string; user: string; reaction: string },
      settings: Parameters<typeof signedRequest>[2] = {},
    ) {
      const event = {
        type: 'reaction_added',
        user: added.user,
        reaction: added.reaction,
        item: { type: 'message', channel: added.channel, ts: added.ts },
        event_ts: nextTs(),
      };
      return signedRequest(eventEnvelope(event), 'application/json', settings);
    },
    async event(
      event: Record<string, unknown>,
      settings: Parameters<typeof signedRequest>[2] & { eventId?: string } = {},
    ) {
      return signedRequest(eventEnvelope(event, settings.eventId), 'application/json', settings);
    },
    async slashCommand(
      command: { channel: string; user: string; command: string; text: string },
      settings: Parameters<typeof signedRequest>[2] = {},
    ) {
      const body = new URLSearchParams({
        token: 'deprecated-verification-token',
        team_id: 'T0TANDEM',
        channel_id: command.channel,
        user_id: command.user,
        command: command.command,
        text: command.text,
        response_url: 'https://hooks.slack.com/commands/T0TANDEM/1/x',
        trigger_id: `${++eventCounter}.1.abc`,
      }).toString();
      return signedRequest(body, 'application/x-www-form-urlencoded', settings);
    },
    /** Any body, signed as Slack signs it: for checking that a signed but malformed request is refused. */
    async signedJson(body: string, settings: Parameters<typeof signedRequest>[2] = {}) {
      return signedRequest(body, 'application/json', settings);
    },
    async urlVerification(challenge: string, settings: Parameters<typeof signedRequest>[2] = {}) {
      return signedRequest(
        JSON.stringify({ token: 'deprecated-verification-token', challenge, type: 'url_verification' }),
        'application/json',
        settings,
      );
    },
    /** The exact bytes of a delivery, e.g. to replay it. */
    signedRequest,
    close: () => server.close(),
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

// --- internal ---

function mimetypeOf(filename: string): string {
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    gif: 'image/gif',
    webp: 'image/webp',
    pdf: 'application/pdf',
  };
  return types[extension] ?? 'application/octet-stream';
}

/** The Block Kit limits Slack enforces with `invalid_blocks`. */
function validBlocks(blocks: unknown[]): boolean {
  if (blocks.length > 50) return false;
  return blocks.every((block) => {
    const value = block as { type?: unknown; text?: { text?: unknown }; fields?: { text?: unknown }[] };
    if (typeof value.type !== 'string') return false;
    if (value.type === 'header' && String(value.text?.text ?? '').length > 150) return false;
    if (value.type === 'section' && String(value.text?.text ?? '').length > 3000) return false;
    if (
      value.fields !== undefined &&
      (value.fields.length > 10 || value.fields.some((field) => String(field.text ?? '').length > 2000))
    )
      return false;
    return true;
  });
}
