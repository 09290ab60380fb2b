import { type ChildProcess, spawn } from 'node:child_process';
import { CLI_ARGUMENTS } from '../test/cli-command.ts';

export interface RelayProcess {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
  /** Resolves with the listening URL once the command logged it. */
  url(timeoutMs?: number): Promise<string>;
  /** The parsed JSON log lines so far. */
  logLines(): Record<string, unknown>[];
}

/** Starts the real `tandem-relay` command with only these variables (and PATH). */
export function startRelayProcess(environment: Record<string, string>): RelayProcess {
  const child = spawn(process.execPath, [...CLI_ARGUMENTS], {
    env: { PATH: process.env.PATH ?? '', ...environment },
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
  const logLines = () =>
    output.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    output,
    exited,
    logLines,
    async url(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const listening = logLines().find((line) => line.message === 'listening');
        if (typeof listening?.url === 'string') return listening.url;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`tandem-relay did not start: ${output.stderr || output.stdout}`);
    },
  };
}

/** kill -9: no signal handler, no flush, no goodbye. */
export async function killHard(relay: RelayProcess): Promise<void> {
  relay.child.kill('SIGKILL');
  await relay.exited;
}
