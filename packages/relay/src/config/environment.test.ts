import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, parseVariables, relayOptionsFromVariables, relayVariablesSchema } from './environment.ts';
import { nodeVariablesSchema, workersVariablesSchema } from './runtime-variables.ts';

const required = { TANDEM_SECRET: 's'.repeat(32), TANDEM_ALLOWED_ORIGINS: 'https://shop.example.com' };

function parse(variables: Record<string, string>) {
  return parseVariables(relayVariablesSchema, { ...required, ...variables });
}

function problemsOf(variables: Record<string, unknown>): string[] {
  try {
    parseVariables(relayVariablesSchema, variables);
  } catch (error) {
    if (error instanceof EnvironmentError) return error.issues.map((issue) => `${issue.variable}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('relay settings from environment variables', () => {
  it('names every missing variable at once, and treats empty values as unset', () => {
    expect(problemsOf({ TANDEM_SECRET: '' })).toEqual([
      'TANDEM_SECRET: is required',
      'TANDEM_ALLOWED_ORIGINS: is required',
    ]);
  });

  it('reads a comma-separated origin list, or * for any', () => {
    expect(
      parse({ TANDEM_ALLOWED_ORIGINS: ' https://a.example , https://b.example:8443,' }).TANDEM_ALLOWED_ORIGINS,
    ).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(parse({ TANDEM_ALLOWED_ORIGINS: '*' }).TANDEM_ALLOWED_ORIGINS).toBe('*');
    expect(problemsOf({ ...required, TANDEM_ALLOWED_ORIGINS: 'shop.example.com' })).toEqual([
      'TANDEM_ALLOWED_ORIGINS: each entry must be an origin such as https://shop.example.com (no path)',
    ]);
  });

  it('reads rate limits as <requests>/<seconds>', () => {
    const options = relayOptionsFromVariables(
      parse({ TANDEM_IP_RATE_LIMIT: '100 / 30', TANDEM_CONVERSATION_RATE_LIMIT: '5/1' }),
    );
    expect(options.ipRateLimit).toEqual({ limit: 100, windowSeconds: 30 });
    expect(options.conversationRateLimit).toEqual({ limit: 5, windowSeconds: 1 });
    expect(
      problemsOf({ ...required, TANDEM_IP_RATE_LIMIT: '0/60', TANDEM_CONVERSATION_RATE_LIMIT: '10/100000' }),
    ).toEqual([
      'TANDEM_IP_RATE_LIMIT: must allow at least 1 request',
      'TANDEM_CONVERSATION_RATE_LIMIT: must have a window of 1 to 86400 seconds',
    ]);
  });

  it('turns numbers and levels into the matching relay options, leaving the rest to their defaults', () => {
    const options = relayOptionsFromVariables(
      parse({ TANDEM_TOKEN_TTL_SECONDS: '3600', TANDEM_BODY_LIMIT_BYTES: '2048', TANDEM_LOG_LEVEL: 'warn' }),
    );
    expect(options).toEqual({
      secret: required.TANDEM_SECRET,
      allowedOrigins: ['https://shop.example.com'],
      tokenTtlSeconds: 3600,
      bodyLimitBytes: 2048,
      logLevel: 'warn',
    });
  });

  it('reads the client address from the first entry of a proxy header', async () => {
    const { clientIp } = relayOptionsFromVariables(parse({ TANDEM_CLIENT_IP_HEADER: 'x-forwarded-for' }));
    const app = new Hono().get('/', (context) => context.text(String(clientIp?.(context))));
    const response = await app.request('/', { headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' } });
    expect(await response.text()).toBe('203.0.113.7');
    expect(await (await app.request('/')).text()).toBe('undefined');
  });
});

describe('.env.example', () => {
  const documented = [...readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').matchAll(/^([A-Z_]+)=/gm)]
    .map((match) => match[1])
    .sort();
  const read = [...new Set([...Object.keys(nodeVariablesSchema.shape), ...Object.keys(workersVariablesSchema.shape)])];

  it('documents every variable the command and the Workers entry read, and no other', () => {
    expect(documented).toEqual(read.sort());
  });
});
