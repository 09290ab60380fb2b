import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConversationEvent } from '@tandem/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxHandoff } from '../src/handoff/inbox/inbox-adapter.ts';
import { type RunningServer, serveApp } from '../src/node/serve.ts';
import { readEvents, relayForTest } from '../test/test-fixture.ts';

// Each run starts Node and tsx afresh: seconds on a loaded machine.
const CLI_TIMEOUT_MS = 60_000;
const REPLAY = fileURLToPath(new URL('../bin/tandem-replay.js', import.meta.url));
const EXPORT_TOKEN = 'replay-test-export-token';

let server: RunningServer;
let auditFile: string;
const folder = mkdtempSync(join(tmpdir(), 'tandem-replay-'));

/** One visitor over real HTTP: sends a message and reads the stream until the turn is over. */
async function visitorSends(text: string): Promise<void> {
  const created = await fetch(`${server.url}/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ siteId: 'shop', locale: 'en' }),
  });
  const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
  const stream = await fetch(`${server.url}/v1/conversations/${conversationId}/events`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const turnOver = (events: ConversationEvent[]) =>
    events.some(
      (event) =>
        (event.type === 'message' && (event.message.role === 'assistant' || event.message.role === 'system')) ||
        (event.type === 'handoff' && event.status === 'requested'),
    );
  const reading = readEvents(stream, turnOver);
  await fetch(`${server.url}/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientMessageId: 'm1', text }),
  });
  await reading;
}

function replay(...args: string[]) {
  const run = spawnSync(process.execPath, [REPLAY, ...args], { encoding: 'utf8', timeout: CLI_TIMEOUT_MS });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  const relay = relayForTest({
    audit: { exportToken: EXPORT_TOKEN },
    handoff: { adapters: [createInboxHandoff()], development: true },
  });
  server = await serveApp({ app: relay, port: 0 });
  await visitorSends('How long do I have to return an item?');
  await visitorSends('Do you sell bicycles?');
  await visitorSends('this is the third time, I want a refund NOW');
  const exported = await fetch(`${server.url}/v1/audit`, { headers: { authorization: `Bearer ${EXPORT_TOKEN}` } });
  expect(exported.status).toBe(200);
  auditFile = join(folder, 'audit.jsonl');
  writeFileSync(auditFile, await exported.text());
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('tandem-replay on the audit log of a real relay run', { timeout: 3 * CLI_TIMEOUT_MS }, () => {
  it('reproduces every logged decision with the configuration that made them', () => {
    const { status, stdout } = replay('--audit', auditFile);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Replayed \d+ decisions from .*audit\.jsonl with the default configuration\./);
    expect(stdout).toContain('0 would change (0.0%):');
  });

  it('lists the decisions a lower confidence floor would change, and how', () => {
    const { status, stdout } = replay('--audit', auditFile, '--set', 'confidenceFloor=0');
    expect(status).toBe(0);
    expect(stdout).toContain('1 would change');
    expect(stdout).toContain('1 no longer handed to a person');
    expect(stdout).toMatch(/after-assessment: hand off \(low_confidence; normal\) → assistant answers {2}sentiment/);
  });

  it('reads a configuration file and reports as JSON', () => {
    const config = join(folder, 'policy.json');
    writeFileSync(config, JSON.stringify({ policy: { sentimentFloor: -1, confidenceFloor: 0.99 } }));
    const { status, stdout } = replay('--audit', auditFile, '--config', config, '--json');
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as {
      decisions: number;
      newlyEscalated: number;
      noLongerEscalated: number;
      changed: Array<{ logged: { escalate: boolean }; replayed: { escalate: boolean; reasons: string[] } }>;
    };
    // The calm returns question is now handed off as unsure; the angry message no longer for its mood alone.
    expect(report.newlyEscalated).toBe(1);
    expect(report.noLongerEscalated).toBeGreaterThanOrEqual(1);
    expect(report.changed.some((change) => change.replayed.reasons.includes('low_confidence'))).toBe(true);
  });

  it('refuses a broken audit line or a bad configuration, naming it, and replays nothing', () => {
    const broken = join(folder, 'broken.jsonl');
    writeFileSync(broken, '{"type":"decision","at":"x"}\n');
    const badLine = replay('--audit', broken);
    expect(badLine.status).toBe(2);
    expect(badLine.stderr).toMatch(/^tandem-replay: line 1: is not a decision entry/);
    expect(badLine.stdout).toBe('');

    const badConfig = replay('--audit', auditFile, '--set', 'confidenceFloor=2');
    expect(badConfig.status).toBe(2);
    expect(badConfig.stderr).toContain('confidenceFloor');

    const missing = replay('--config', 'nowhere.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--audit is required');
  });
});
