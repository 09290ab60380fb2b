import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAnthropicServer, startFakeAnthropicServer } from './fake-anthropic-server.ts';

let server: FakeAnthropicServer;
beforeEach(async () => {
  server = await startFakeAnthropicServer();
});
afterEach(async () => {
  await server.close();
});

const headers = { 'content-type': 'application/json', 'x-api-key': 'test-key', 'anthropic-version': '2026-10-21' };
const body = (extra: object = {}) =>
  JSON.stringify({
    model: 'claude-sonnet-5-5',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'hi' }],
    ...extra,
  });

describe('fake Anthropic Messages API', () => {
  it('streams the documented event sequence, byte for byte', async () => {
    server.script({ tool: { input: { confidence: 1, answer: 'Hi' } }, chunkSize: 16 });
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers,
      body: body({ stream: true }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const text = await response.text();
    const inputTokens = Math.ceil(body({ stream: true }).length / 4);
    expect(text).toBe(
      [
        `event: message_start\ndata: {"type":"message_start","message":{"id":"msg_fake000001","type":"message","role":"assistant","model":"claude-sonnet-5-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":${inputTokens},"output_tokens":1}}}\n\n`,
        'event: ping\ndata: {"type":"ping"}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_fake000001","name":"answer_customer","input":{}}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"confidence\\":1,"}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\\"answer\\":\\"Hi\\"}"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":3}}\n\n',
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ].join(''),
    );
  });

  it('streams text blocks as text_delta and sends an error event where scripted', async () => {
    server.script({ text: 'Hello there', chunkSize: 5, errorEventAfter: { characters: 5, type: 'overloaded_error' } });
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers,
      body: body({ stream: true }),
    });
    const text = await response.text();
    expect(text).toContain(
      'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\n\n',
    );
    expect(
      text.endsWith(
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
      ),
    ).toBe(true);
    expect(text).not.toContain('message_stop');
  });

  it('answers HTTP errors with the API error body, 529 as overloaded_error', async () => {
    server.script({ status: 529 });
    const response = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers, body: body() });
    expect(response.status).toBe(529);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('refuses a missing key, a malformed body and a missing API version, as the real API does, and records requests', async () => {
    const noKey = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { ...headers, 'x-api-key': 'nope' },
      body: body(),
    });
    expect(noKey.status).toBe(401);
    const malformed = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers, body: '{"model":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const noMessages = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers,
      body: body({ messages: [] }),
    });
    expect(noMessages.status).toBe(400);
    const { 'anthropic-version': _version, ...withoutVersion } = headers;
    const noVersion = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: withoutVersion,
      body: body(),
    });
    expect(noVersion.status).toBe(400);
    expect(server.requests.map((request) => request.body.model)).toEqual(['claude-sonnet-5-5', 'claude-sonnet-5-5']);
  });

  it('returns a whole message for a non-streaming request', async () => {
    server.script({ tool: { name: 'handoff_note', input: { summary: 'S' } } });
    const response = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers, body: body() });
    expect(await response.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      stop_reason: 'tool_use',
      content: [{ type: 'tool_use', name: 'handoff_note', input: { summary: 'S' } }],
    });
  });
});
