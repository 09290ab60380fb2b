import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ARGUMENTS } from '../test/cli-command.ts';
import { startFakeAnthropicServer } from '../test/fake-anthropic-server.ts';
import { askFirstQuestion } from './relay-http.ts';
import { confidentAnswer } from './relay-process-setup.ts';

const SHOP = 'https://shop.example';
let knowledgeDir: string;

beforeAll(async () => {
  knowledgeDir = await mkdtemp(join(tmpdir(), 'tandem-cli-'));
  await writeFile(
    join(knowledgeDir, 'returns.md'),
    '# Returns\n\n## Return window\nYou have 30 days from delivery to return an item.\n',
  );
});
afterAll(async () => {
  await rm(knowledgeDir, { recursive: true, force: true });
});

function validEnvironment(): Record<string, string> {
  return {
    TANDEM_PORT: '0',
    TANDEM_HOST: '127.0.0.1',
    TANDEM_SECRET: 'cli-test-secret-0123456789abcdefghij',
    TANDEM_ALLOWED_ORIGINS: SHOP,
    TANDEM_KNOWLEDGE_DIR: knowledgeDir,
    TANDEM_STORE: 'memory',
  };
}

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

function run(environment: Record<string, string>): Run {
  // Only what the command needs from this process, so a developer's own TANDEM_* variables cannot leak in.
  const child = spawn(process.execPath, CLI_ARGUMENTS, {
    env: { PATH: process.env.PATH ?? '', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    result.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    result.stderr += chunk.toString();
  });
  return result;
}

async function listeningUrl(started: Run, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of started.stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { message?: string; url?: string };
      if (entry.message === 'listening' && entry.url) return entry.url;
    }
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`tandem-relay did not start: ${started.stderr || started.stdout}`);
}

async function exitWithin(started: Run, timeoutMs = 45_000): Promise<number | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('tandem-relay did not exit')), timeoutMs);
  });
  return Promise.race([started.exited, timeout]).finally(() => clearTimeout(timer));
}

describe('the tandem-relay command', () => {
  it('serves the relay configured by environment variables and stops on SIGTERM', { timeout: 60_000 }, async () => {
    const started = run(validEnvironment());
    try {
      const url = await listeningUrl(started);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // No helpdesk in this environment: the operator is told at start, not by a visitor later.
      expect(started.stderr).toContain('"level":"warn"');
      expect(started.stderr).toContain('no helpdesk configured');

      const { created, answer } = await askFirstQuestion(url, {
        origin: SHOP,
        clientMessageId: 'first',
        text: 'How long do I have to return an item?',
      });
      expect(created.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(answer).toContain('30 days from delivery');

      started.child.kill('SIGTERM');
      expect(await exitWithin(started)).toBe(0);
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('serves health, metrics behind their token, and answers with Claude when a key is set', {
    timeout: 60_000,
  }, async () => {
    const anthropic = await startFakeAnthropicServer({ apiKey: 'cli-test-key' });
    const started = run({
      ...validEnvironment(),
      TANDEM_METRICS_TOKEN: 'metrics-token-0123456789',
      ANTHROPIC_API_KEY: 'cli-test-key',
      ANTHROPIC_BASE_URL: anthropic.url,
      TANDEM_ANTHROPIC_MODEL: 'claude-test-model',
      TANDEM_SHOP_NAME: 'Nordlys',
    });
    try {
      const url = await listeningUrl(started);
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      const metrics = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('# TYPE');

      anthropic.script(confidentAnswer('Thirty days from delivery, Nordlys style.'));
      const { answer } = await askFirstQuestion(url, {
        clientMessageId: 'claude-1',
        text: 'How long can I return things?',
      });
      expect(answer, started.stdout + started.stderr).toBe('Thirty days from delivery, Nordlys style.');
      const request = anthropic.requests.at(-1);
      expect(request?.body.model).toBe('claude-test-model');
      expect(JSON.stringify(request?.body.system)).toContain('Nordlys');
      expect(started.stdout).toContain('"assistant":"anthropic"');
    } finally {
      started.child.kill('SIGKILL');
      await anthropic.close();
    }
  });

  it.concurrent('refuses to start with a bad variable, naming it', { timeout: 60_000 }, async () => {
    const started = run({ ...validEnvironment(), TANDEM_PORT: 'eighty' });
    expect(await exitWithin(started)).toBe(1);
    expect(started.stderr).toContain('TANDEM_PORT: must be a port number');
    expect(started.stdout).not.toContain('listening');
  });

  it.concurrent('names every missing or bad variable at once', { timeout: 60_000 }, async () => {
    const { TANDEM_SECRET, ...withoutSecret } = validEnvironment();
    const started = run({
      ...withoutSecret,
      TANDEM_ALLOWED_ORIGINS: `${SHOP}, https://other.example/checkout`,
      TANDEM_IDENTITY_SECRET: 'short',
      TANDEM_IP_RATE_LIMIT: '60 a minute',
      TANDEM_LOG_LEVEL: 'loud',
    });
    expect(await exitWithin(started)).toBe(1);
    expect(started.stderr).toContain('TANDEM_SECRET: is required');
    expect(started.stderr).toContain('TANDEM_ALLOWED_ORIGINS: each entry must be an origin');
    expect(started.stderr).toContain('TANDEM_IDENTITY_SECRET: must be at least 16 characters');
    expect(started.stderr).toContain('TANDEM_IP_RATE_LIMIT: must be <requests>/<seconds>');
    expect(started.stderr).toMatch(/TANDEM_LOG_LEVEL: .*"debug"/);
  });

  it.concurrent('says which folder it cannot read', { timeout: 60_000 }, async () => {
    const started = run({ ...validEnvironment(), TANDEM_KNOWLEDGE_DIR: join(knowledgeDir, 'missing') });
    expect(await exitWithin(started)).toBe(1);
    expect(started.stderr).toContain(`TANDEM_KNOWLEDGE_DIR: cannot read ${join(knowledgeDir, 'missing')}`);
  });
});
