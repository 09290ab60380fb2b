import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * One scripted reply of the fake Messages API. Without `status`, the reply is a normal message: optional text,
 * then optional tool use, streamed as server-sent events when the request asks for `stream: true`.
 */
export interface ScriptedReply {
  /** Text for a text block (sent before the tool block when both are given). */
  text?: string;
  /** A tool use block. `input` may be an object or raw JSON text (to send malformed or oddly ordered input). */
  tool?: { name?: string; input: unknown };
  /** Characters per `content_block_delta`. Default 12. */
  chunkSize?: number;
  /** Pause before each streamed event, in milliseconds. Default 0. */
  delayMs?: number;
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' | 'refusal' | 'model_context_window_exceeded';
  /** Send an HTTP error instead: 529 overloaded, 500, 503, 429, 401, 400… */
  status?: number;
  /** With `status`: the error body's type. Default from the status, as the real API does. */
  errorType?: string;
  /** Stream this many characters of content, then send `event: error` with this type (e.g. `overloaded_error`). */
  errorEventAfter?: { characters: number; type: string };
  /** Stream this many characters of content, then destroy the connection without another byte. */
  cutAfter?: number;
  /** Stream this many characters of content, then send nothing more while keeping the connection open. */
  stallAfter?: number;
  /** Never answer (not even headers) until the client gives up. */
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body. */
  body: MessagesRequestBody;
}

export interface FakeAnthropicServer {
  /** Base URL for the SDK's `baseURL` option, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every request received, in order (including refused ones with a parsable body). */
  readonly requests: RecordedRequest[];
  /** Queues replies; each request consumes the next one. */
  script(...replies: ScriptedReply[]): void;
  /** How many scripted replies are still queued. */
  readonly pending: number;
  /** Drops the replies still queued (those scripted for retries that never came); returns how many. */
  clear(): number;
  close(): Promise<void>;
}

const messagesRequestBodySchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z
    .array(z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(z.unknown())]) }))
    .min(1),
  system: z.union([z.string(), z.array(z.looseObject({ type: z.literal('text'), text: z.string() }))]).optional(),
  tools: z
    .array(z.looseObject({ name: z.string(), input_schema: z.looseObject({ type: z.literal('object') }) }))
    .optional(),
  tool_choice: z.looseObject({ type: z.string() }).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
});
export type MessagesRequestBody = z.infer<typeof messagesRequestBodySchema>;

/**
 * A loopback stand-in for the Anthropic Messages API (`POST /v1/messages`) that speaks its real wire format:
 * `message_start`, `ping`, `content_block_start` / `content_block_delta` (`text_delta`, `input_json_delta`) /
 * `content_block_stop`, `message_delta`, `message_stop`, and `error` events; HTTP errors carry the API's
 * `{ type: "error", error: { type, message } }` body. Replies are scripted per test, requests are recorded.
 */
export async function startFakeAnthropicServer(options: { apiKey?: string } = {}): Promise<FakeAnthropicServer> {
  const apiKey = options.apiKey ?? 'test-key';
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const openResponses = new Set<ServerResponse>();
  let counter = 0;

  const server = createServer((request, response) => {
    openResponses.add(response);
    response.on('close', () => openResponses.delete(response));
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, 'api_error', `fake server failed: ${String(error)}`);
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const raw = await readBody(request);
    if (request.method !== 'POST' || path !== '/v1/messages') {
      return sendError(response, 404, 'not_found_error', `No route for ${request.method} ${path}.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return sendError(response, 400, 'invalid_request_error', 'The request body is not valid JSON.');
    }
    const parsed = messagesRequestBodySchema.safeParse(json);
    if (!parsed.success) {
      return sendError(response, 400, 'invalid_request_error', parsed.error.issues.map((i) => i.message).join('; '));
    }
    requests.push({ method: request.method, path, headers: request.headers, body: parsed.data });
    // The API takes the key as `x-api-key`; newer SDKs send it as a bearer token.
    const presented = request.headers['x-api-key'] ?? /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (presented !== apiKey) {
      return sendError(response, 401, 'authentication_error', 'invalid x-api-key');
    }
    if (typeof request.headers['anthropic-version'] !== 'string') {
      return sendError(response, 400, 'invalid_request_error', 'anthropic-version header is required');
    }
    // From API version 2026-10-21 on, sampling parameters are refused, whatever their value.
    const version = request.headers['anthropic-version'];
    const sampling = ['temperature', 'top_p', 'top_k'].find((name) => name in parsed.data);
    if (sampling && typeof version === 'string' && version >= '2026-10-21') {
      return sendError(response, 400, 'invalid_request_error', `${sampling}: Extra inputs are not permitted`);
    }
    const reply = queue.shift();
    if (!reply) return sendError(response, 400, 'invalid_request_error', 'fake server: no scripted reply left');
    if (reply.hang) return; // the client's timeout or abort ends it; close() destroys it otherwise
    if (reply.status !== undefined) {
      if (reply.delayMs) await sleep(reply.delayMs);
      return sendError(response, reply.status, reply.errorType ?? errorTypeFor(reply.status), messageFor(reply.status));
    }
    counter++;
    const message = {
      id: `msg_fake${String(counter).padStart(6, '0')}`,
      model: parsed.data.model,
      stopReason: reply.stopReason ?? (reply.tool ? 'tool_use' : 'end_turn'),
      inputTokens: Math.ceil(raw.length / 4),
    };
    if (parsed.data.stream) await streamReply(response, reply, message);
    else sendMessage(response, reply, message);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => queue.push(...replies),
    get pending() {
      return queue.length;
    },
    clear: () => queue.splice(0).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of openResponses) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- internal ---

interface MessageFacts {
  id: string;
  model: string;
  stopReason: string;
  inputTokens: number;
}

interface Block {
  kind: 'text' | 'tool';
  start: Record<string, unknown>;
  content: string;
}

function blocksOf(reply: ScriptedReply, messageId: string): Block[] {
  const blocks: Block[] = [];
  if (reply.text !== undefined) blocks.push({ kind: 'text', start: { type: 'text', text: '' }, content: reply.text });
  if (reply.tool) {
    const content = typeof reply.tool.input === 'string' ? reply.tool.input : JSON.stringify(reply.tool.input);
    blocks.push({
      kind: 'tool',
      start: {
        type: 'tool_use',
        id: `toolu_${messageId.slice(4)}`,
        name: reply.tool.name ?? 'answer_customer',
        input: {},
      },
      content,
    });
  }
  return blocks;
}

async function streamReply(response: ServerResponse, reply: ScriptedReply, message: MessageFacts): Promise<void> {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'request-id': `req_${message.id.slice(4)}`,
  });
  const chunkSize = Math.max(1, reply.chunkSize ?? 12);
  let sentCharacters = 0;
  let outputTokens = 1;
  const send = async (event: string, data: unknown) => {
    if (reply.delayMs) await sleep(reply.delayMs);
    if (response.destroyed) throw new ClientGone();
    // Waiting for each write to flush makes a later cut drop only what was never sent, as a real broken link does.
    await new Promise<void>((resolve) =>
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, () => resolve()),
    );
  };
  try {
    await send('message_start', {
      type: 'message_start',
      message: {
        id: message.id,
        type: 'message',
        role: 'assistant',
        model: message.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: message.inputTokens, output_tokens: 1 },
      },
    });
    await send('ping', { type: 'ping' });
    const blocks = blocksOf(reply, message.id);
    for (const [index, block] of blocks.entries()) {
      await send('content_block_start', { type: 'content_block_start', index, content_block: block.start });
      // The real API opens a tool block with an empty input_json_delta.
      if (block.kind === 'tool') {
        await send('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: '' },
        });
      }
      for (let offset = 0; offset < block.content.length; offset += chunkSize) {
        const piece = block.content.slice(offset, offset + chunkSize);
        const budget = firstLimit(reply) - sentCharacters;
        const slice = budget < piece.length ? piece.slice(0, Math.max(0, budget)) : piece;
        if (slice.length > 0) {
          await send('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta:
              block.kind === 'text'
                ? { type: 'text_delta', text: slice }
                : { type: 'input_json_delta', partial_json: slice },
          });
          sentCharacters += slice.length;
          outputTokens += 1;
        }
        if (sentCharacters >= firstLimit(reply)) return interrupt(response, reply, send);
      }
      await send('content_block_stop', { type: 'content_block_stop', index });
    }
    await send('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: message.stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    });
    await send('message_stop', { type: 'message_stop' });
    response.end();
  } catch (error) {
    if (!(error instanceof ClientGone)) throw error;
  }
}

function firstLimit(reply: ScriptedReply): number {
  return Math.min(
    reply.errorEventAfter?.characters ?? Number.POSITIVE_INFINITY,
    reply.cutAfter ?? Number.POSITIVE_INFINITY,
    reply.stallAfter ?? Number.POSITIVE_INFINITY,
  );
}

async function interrupt(
  response: ServerResponse,
  reply: ScriptedReply,
  send: (event: string, data: unknown) => Promise<void>,
): Promise<void> {
  const limit = firstLimit(reply);
  if (reply.errorEventAfter && reply.errorEventAfter.characters === limit) {
    await send('error', {
      type: 'error',
      error: { type: reply.errorEventAfter.type, message: messageForType(reply.errorEventAfter.type) },
    });
    response.end();
  } else if (reply.cutAfter === limit) {
    response.destroy();
  }
  // A stall leaves the connection open: the client's timeout has to notice.
}

function sendMessage(response: ServerResponse, reply: ScriptedReply, message: MessageFacts): void {
  const content: unknown[] = [];
  for (const block of blocksOf(reply, message.id)) {
    if (block.kind === 'text') content.push({ type: 'text', text: block.content });
    else content.push({ ...block.start, input: JSON.parse(block.content) });
  }
  const body = {
    id: message.id,
    type: 'message',
    role: 'assistant',
    model: message.model,
    content,
    stop_reason: message.stopReason,
    stop_sequence: null,
    usage: { input_tokens: message.inputTokens, output_tokens: 20 },
  };
  response.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${message.id.slice(4)}` });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, type: string, message: string): void {
  const requestId = `req_error${Date.now()}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': requestId };
  if (status === 429) headers['retry-after'] = '0';
  response.writeHead(status, headers);
  response.end(JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId }));
}

function errorTypeFor(status: number): string {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    500: 'api_error',
    529: 'overloaded_error',
  };
  return types[status] ?? 'api_error';
}

function messageFor(status: number): string {
  return messageForType(errorTypeFor(status));
}

function messageForType(type: string): string {
  if (type === 'overloaded_error') return 'Overloaded';
  if (type === 'rate_limit_error') return 'Number of request tokens has exceeded your per-minute rate limit';
  if (type === 'api_error') return 'Internal server error';
  return type;
}

class ClientGone extends Error {}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
