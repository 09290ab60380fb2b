import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ARGUMENTS } from '../test/cli-command.ts';

const INBOX_TOKEN = 'cli-inbox-token-0123456789abcdef';
let knowledgeDir: string;

beforeAll(async () => {
  knowledgeDir = await mkdtemp(join(tmpdir(), 'tandem-handoff-cli-'));
  await writeFile(
    join(knowledgeDir, 'returns.md'),
    '# Returns\n\n## Return window\nYou have 30 days to return an item.\n',
  );
});
afterAll(async () => {
  await rm(knowledgeDir, { recursive: true, force: true });
});

function start(extra: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, CLI_ARGUMENTS, {
    env: {
      PATH: process.env.PATH ?? '',
      TANDEM_PORT: '0',
      TANDEM_SECRET: 'cli-handoff-secret-0123456789abcdefgh',
      TANDEM_ALLOWED_ORIGINS: 'https://shop.example',
      TANDEM_KNOWLEDGE_DIR: knowledgeDir,
      TANDEM_STORE: 'memory',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function listening(started: ReturnType<typeof start>): Promise<{ url: string; handoff: string[] }> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const line = started.output.stdout.split('\n').find((candidate) => candidate.includes('"listening"'));
    if (line) return JSON.parse(line) as { url: string; handoff: string[] };
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`tandem-relay did not start: ${started.output.stderr}`);
}

describe('handoff in the tandem-relay command', () => {
  it('serves the local inbox behind its token when TANDEM_INBOX is on', { timeout: 30_000 }, async () => {
    const started = start({ TANDEM_INBOX: 'on', TANDEM_INBOX_TOKEN: INBOX_TOKEN });
    try {
      const { url, handoff } = await listening(started);
      expect(handoff).toEqual(['inbox']);
      const created = await fetch(`${url}/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({}),
      });
      const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
      const asked = await fetch(`${url}/v1/conversations/${conversationId}/handoff`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ note: 'I would like to talk to someone' }),
      });
      expect(asked.status).toBe(202);

      expect((await fetch(`${url}/v1/agent/conversations`)).status).toBe(401);
      const listed = async () => {
        const response = await fetch(`${url}/v1/agent/conversations`, {
          headers: { authorization: `Bearer ${INBOX_TOKEN}` },
        });
        return ((await response.json()) as { conversations: { conversationId: string }[] }).conversations;
      };
      await expect.poll(listed, { timeout: 5000 }).toEqual([expect.objectContaining({ conversationId })]);
      expect((await fetch(`${url}/agent`)).status).toBe(200);
    } finally {
      started.child.kill('SIGKILL');
    }
  });

  it('refuses to start with a half-configured helpdesk, naming what is missing', { timeout: 30_000 }, async () => {
    const started = start({ TANDEM_SLACK_BOT_TOKEN: 'xoxb-1234' });
    expect(await started.exited).toBe(1);
    expect(started.output.stderr).toContain('TANDEM_SLACK_SIGNING_SECRET: is required with TANDEM_SLACK_BOT_TOKEN');
    expect(started.output.stderr).toContain('TANDEM_SLACK_CHANNEL: is required with TANDEM_SLACK_BOT_TOKEN');
  });
});
