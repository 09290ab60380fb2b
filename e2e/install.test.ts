/**
 * Installs Tandem the way a user does: every package packed with `pnpm pack`, the tarballs installed with npm into
 * a fresh project (third-party dependencies from the npm registry, through a cache kept between runs), then
 * `npx tandem-relay` answers a message, and two apps made from `npm create vite` templates (vanilla-ts, and the
 * React example with its own server importing `@tandem/relay`) type-check and build with their default tsconfig.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack } from '../packages/handoff/test/fakes/slack-fake.ts';
import { askFirstQuestion, post } from '../packages/relay/e2e/relay-http.ts';
import { confidentAnswer } from '../packages/relay/e2e/relay-process-setup.ts';
import { startFakeAnthropicServer } from '../packages/relay/test/fake-anthropic-server.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['protocol', 'handoff', 'relay', 'widget'] as const;
/** Kept between runs (ignored by git), so only the first run downloads React, Vite and TypeScript. */
const NPM_CACHE = join(ROOT, 'node_modules', '.cache', 'tandem-install-test', 'npm');
const SHOP = 'https://shop.example';

let workspace: string;
let project: string;

beforeAll(async () => {
  await buildWhenMissing();
  workspace = await mkdtemp(join(tmpdir(), 'tandem-install-'));
  const tarballs = join(workspace, 'tarballs');
  project = join(workspace, 'project');
  await mkdir(tarballs, { recursive: true });
  const dependencies: Record<string, string> = {};
  for (const name of PACKAGES) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: packageDirectory(name) });
    const tarball = stdout.trim().split('\n').at(-1) ?? '';
    expect(tarball).toMatch(/\.tgz$/);
    dependencies[`@tandem/${name}`] = `file:${tarball}`;
  }
  await mkdir(project, { recursive: true });
  const reactExample = JSON.parse(await readFile(join(ROOT, 'examples/react-vite/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'tandem-install-test',
      private: true,
      type: 'module',
      // The React example's own third-party dependencies (React, Vite, TypeScript as `npm create vite` pins them),
      // and our tarballs in place of the registry's @tandem packages.
      dependencies: { ...reactExample.dependencies, ...dependencies },
      devDependencies: reactExample.devDependencies,
      // The widget and relay depend on @tandem/protocol and @tandem/handoff 0.1.0: the tarballs, not the registry.
      overrides: { '@tandem/protocol': '$@tandem/protocol', '@tandem/handoff': '$@tandem/handoff' },
    }),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', NPM_CACHE], {
    cwd: project,
    maxBuffer: 16 * 1024 * 1024,
  });
  const copyApp = (from: string, to: string) =>
    cp(join(ROOT, from), join(project, to), {
      recursive: true,
      filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
    });
  await copyApp('e2e/install/vanilla-ts', 'vanilla-ts');
  await copyApp('examples/react-vite', 'react-vite');
  await copyApp('examples/node-relay', 'node-relay');
  // `npm install` in the example would give it this same node_modules.
  await symlink(join(project, 'node_modules'), join(project, 'node-relay', 'node_modules'), 'dir');
}, 600_000);

afterAll(async () => {
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

describe('installed from packed tarballs with npm', () => {
  it('ships built JavaScript and declarations only, no TypeScript sources', async () => {
    for (const name of PACKAGES) {
      const installed = join(project, 'node_modules', '@tandem', name);
      expect(existsSync(join(installed, 'src')), `${name} ships src/`).toBe(false);
      const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
      };
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain('workspace:');
      expect(Object.keys(manifest.dependencies ?? {})).not.toContain('tsx');
    }
  });

  it('npx tandem-relay starts from the installed package and answers a message', async () => {
    const knowledge = join(workspace, 'knowledge');
    await mkdir(knowledge, { recursive: true });
    await writeFile(join(knowledge, 'returns.md'), '# Returns\n\n## Return window\nYou have 30 days to return.\n');
    const child = spawn('npx', ['--no-install', 'tandem-relay'], {
      cwd: project,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? workspace,
        TANDEM_PORT: '0',
        TANDEM_SECRET: 'install-test-secret-0123456789abcdef',
        TANDEM_ALLOWED_ORIGINS: SHOP,
        TANDEM_KNOWLEDGE_DIR: knowledge,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await listeningUrl(child);
      const { answer } = await askFirstQuestion(url, {
        origin: SHOP,
        clientMessageId: 'install-1',
        text: 'How long do I have to return an item?',
      });
      expect(answer).toContain('30 days');
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('the Node relay example runs as its README says, with Claude and Slack configured by environment', async () => {
    const anthropic = await startFakeAnthropicServer({ apiKey: 'sk-ant-example' });
    const slackAccess = { botToken: 'xoxb-example-token', signingSecret: 'example-slack-signing-secret-0123' };
    const slack = await startFakeSlack({ ...slackAccess, channels: ['C0SUPPORT'] });
    const example = join(project, 'node-relay');
    // `cp .env.example .env` and fill it in, as the README says; the APIs' addresses point at loopback doubles.
    const filled: Record<string, string> = {
      TANDEM_SECRET: 'node-relay-example-secret-0123456789abcdef',
      TANDEM_ALLOWED_ORIGINS: SHOP,
      TANDEM_PORT: '0',
      ANTHROPIC_API_KEY: 'sk-ant-example',
      TANDEM_SLACK_BOT_TOKEN: slackAccess.botToken,
      TANDEM_SLACK_SIGNING_SECRET: slackAccess.signingSecret,
      TANDEM_SLACK_CHANNEL: 'C0SUPPORT',
      TANDEM_SLACK_BOT_USER_ID: slack.botUserId,
    };
    const template = await readFile(join(example, '.env.example'), 'utf8');
    const environment = template
      .split('\n')
      .map((line) => {
        const name = /^([A-Z_]+)=/.exec(line)?.[1];
        return name && filled[name] !== undefined ? `${name}=${filled[name]}` : line;
      })
      .concat([`ANTHROPIC_BASE_URL=${anthropic.url}`, `TANDEM_SLACK_API_URL=${slack.apiURL}`, 'TANDEM_HOST=127.0.0.1'])
      .join('\n');
    await writeFile(join(example, '.env'), environment);
    const manifest = JSON.parse(await readFile(join(example, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const [command, ...args] = manifest.scripts.start.split(' ');
    expect(command).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: example,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await listeningUrl(child);
      anthropic.script(confidentAnswer('You have 30 days from delivery.'));
      const { answer, conversation } = await askFirstQuestion(url, {
        origin: SHOP,
        clientMessageId: 'claude-1',
        text: 'How long do I have to return a tent?',
      });
      expect(answer).toBe('You have 30 days from delivery.');
      expect(anthropic.requests).toHaveLength(1);

      const handoff = await post(
        url,
        `/v1/conversations/${conversation.conversationId}/handoff`,
        {},
        conversation.token,
      );
      expect(await handoff.json()).toEqual({ mode: 'waiting' });
      for (let attempt = 0; attempt < 100 && slack.messages.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(slack.messages.map((message) => message.channel)).toContain('C0SUPPORT');
    } finally {
      child.kill('SIGKILL');
      await anthropic.close();
      await slack.close();
    }
  }, 120_000);

  it('a Vite vanilla-ts app importing @tandem/widget passes `tsc && vite build`', async () => {
    const app = join(project, 'vanilla-ts');
    await run(bin('tsc'), [], { cwd: app });
    await run(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: app });
    expect(existsSync(join(app, 'dist', 'index.html'))).toBe(true);
  }, 300_000);

  it('the React example (widget in the page, @tandem/relay in its server) passes `tsc -b && vite build`', async () => {
    const app = join(project, 'react-vite');
    await run(bin('tsc'), ['-b'], { cwd: app });
    await run(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: app });
    const html = await readFile(join(app, 'dist', 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module"[^>]+src="\/assets\/index-[\w-]+\.js"/);
  }, 300_000);
});

// --- internal ---

function packageDirectory(name: string): string {
  return join(ROOT, 'packages', name);
}

function bin(name: string): string {
  return join(project, 'node_modules', '.bin', name);
}

/** `pnpm test` builds first; a lone `vitest run` of this file builds what is missing. */
async function buildWhenMissing(): Promise<void> {
  if (PACKAGES.every((name) => existsSync(join(packageDirectory(name), 'dist')))) return;
  await run('pnpm', ['-r', 'build'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
}

async function listeningUrl(child: ChildProcess, timeoutMs = 60_000): Promise<string> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of output.split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { message?: string; url?: string };
      if (entry.message === 'listening' && entry.url) return entry.url;
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`tandem-relay did not start: ${output}`);
}
