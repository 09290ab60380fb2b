import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const vitestCli = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

interface JsonReport {
  testResults: { assertionResults: { fullName: string; status: 'passed' | 'failed' | 'skipped' }[] }[];
}

/** Runs the suite against the deliberately broken adapters in fixtures/ and returns each test's outcome. */
async function runBrokenAdapters(): Promise<Map<string, string>> {
  const config = fileURLToPath(new URL('./fixtures/vitest.config.ts', import.meta.url));
  const output = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [vitestCli, 'run', '--config', config, '--reporter=json'],
      { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (_error, stdout) => resolve(stdout),
    );
  });
  const report = JSON.parse(output.slice(output.indexOf('{'))) as JsonReport;
  const outcomes = new Map<string, string>();
  for (const file of report.testResults)
    for (const result of file.assertionResults) outcomes.set(result.fullName, result.status);
  return outcomes;
}

describe('the conformance suite', () => {
  it('fails an adapter that skips signature checks, one whose retried open creates a second ticket, and one that drops files', async () => {
    const outcomes = await runBrokenAdapters();
    const failed = (adapter: string) =>
      [...outcomes]
        .filter(([name, status]) => name.startsWith(`HandoffAdapter conformance: ${adapter}`) && status === 'failed')
        .map(([name]) => name.replace(`HandoffAdapter conformance: ${adapter} `, ''))
        .sort();
    expect(outcomes.size).toBe(42);
    expect(failed('trusts-unsigned')).toEqual([
      'inbound refuses a captured request replayed after the signature window with unauthorized',
      'inbound refuses a forged body with unauthorized',
      'inbound refuses a request signed with another secret with unauthorized',
      'inbound refuses a stale request with unauthorized',
      'inbound refuses an unsigned request with unauthorized',
    ]);
    expect(failed('opens-twice')).toEqual([
      'never creates two tickets when an open is retried after its answer was lost',
    ]);
    expect(failed('drops-attachments')).toEqual([
      'attachments delivers a message that is only an attachment',
      "attachments delivers the exact bytes of a visitor's attachments to the ticket",
      "attachments turns an agent's attached file into an attachment of the agent-reply that downloads the same bytes",
    ]);
  }, 120_000);
});
