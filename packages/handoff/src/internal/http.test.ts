import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, startLoopbackServer } from '../../test/fakes/loopback.ts';
import { HandoffError } from '../errors.ts';
import { createHttpClient, parseRetryAfter } from './http.ts';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<HandoffError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!HandoffError.isInstance(error)) throw new Error(`expected a HandoffError, got ${String(error)}`);
  return error;
}

describe('calling a helpdesk', () => {
  it('says which statuses a retry can help with', async () => {
    const statuses = [400, 401, 403, 404, 408, 409, 422, 429, 500, 503];
    server = await startLoopbackServer((request) => ({ status: Number(request.path.slice(1)), body: { error: 'x' } }));
    const http = createHttpClient({ adapter: 'test', baseURL: server.url });
    const outcomes = [];
    for (const status of statuses) {
      const error = await failure(http({ method: 'GET', path: `/${status}` }));
      outcomes.push([status, error.code, error.retryable]);
    }
    expect(outcomes).toEqual([
      [400, 'rejected', false],
      [401, 'auth_failed', false],
      [403, 'auth_failed', false],
      [404, 'not_found', false],
      [408, 'unavailable', true],
      [409, 'unavailable', true],
      [422, 'rejected', false],
      [429, 'rate_limited', true],
      [500, 'unavailable', true],
      [503, 'unavailable', true],
    ]);
  });

  it('gives up on a helpdesk that does not answer in time, as retryable', async () => {
    server = await startLoopbackServer(() => new Promise(() => undefined));
    const http = createHttpClient({ adapter: 'test', baseURL: server.url, timeoutMs: 100 });
    expect(await failure(http({ method: 'GET', path: '/slow' }))).toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
  });

  it('reports an unreachable helpdesk as retryable', async () => {
    const closed = await startLoopbackServer(() => ({ status: 200 }));
    await closed.close();
    const http = createHttpClient({ adapter: 'test', baseURL: closed.url });
    expect(await failure(http({ method: 'GET', path: '/' }))).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('sends the configured headers and JSON bodies', async () => {
    server = await startLoopbackServer((request) => ({
      status: 200,
      body: { headers: request.headers, body: JSON.parse(request.body) },
    }));
    const http = createHttpClient({ adapter: 'test', baseURL: `${server.url}/`, headers: { 'x-proxy-key': 'k' } });
    const response = await http({ method: 'POST', path: '/echo', body: { a: 1 } });
    expect(response.body).toMatchObject({
      headers: { 'x-proxy-key': 'k', 'content-type': 'application/json; charset=utf-8' },
      body: { a: 1 },
    });
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', Date.parse('Sun, 22 Nov 2026 10:00:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
