import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeSlack, startFakeSlack } from '@tandem/handoff/test';
import {
  type FakeAnthropicServer,
  type ScriptedReply,
  startFakeAnthropicServer,
} from '../test/fake-anthropic-server.ts';

/** The Slack channel handoffs go to, and the person who answers there, when a setup has Slack. */
export const SLACK_CHANNEL = 'C0HANDOFF';
export const SLACK_AGENT = { id: 'U0AGENT', name: 'maria', realName: 'Maria Lind' };

/**
 * What the real `tandem-relay` command runs against in end-to-end tests: a knowledge folder with one returns
 * section, the fake Messages API and, when asked for, the fake Slack. Each test adds its own store, port and origins.
 */
export interface RelayProcessSetup {
  /** Holds the knowledge (`returns.md`); relays keep their data directories under it. */
  directory: string;
  anthropic: FakeAnthropicServer;
  /** The command's variables for this setup, with `variables` added (or replacing the setup's own). */
  environment(variables?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export function startRelayProcessSetup(options: {
  name: string;
  slack: true;
}): Promise<RelayProcessSetup & { slack: FakeSlack }>;
export function startRelayProcessSetup(options: { name: string; slack?: false }): Promise<RelayProcessSetup>;
export async function startRelayProcessSetup({
  name,
  slack: withSlack = false,
}: {
  name: string;
  slack?: boolean;
}): Promise<RelayProcessSetup & { slack?: FakeSlack }> {
  const apiKey = `${name}-key`;
  const slackSecrets = { botToken: `xoxb-${name}-token`, signingSecret: `${name}-signing-secret-0123` };
  const directory = await mkdtemp(join(tmpdir(), `tandem-${name}-`));
  await writeFile(
    join(directory, 'returns.md'),
    '# Returns\n\n## Return window\nYou have 30 days to return an item.\n',
  );
  const anthropic = await startFakeAnthropicServer({ apiKey });
  const slack = withSlack
    ? await startFakeSlack({ ...slackSecrets, channels: [SLACK_CHANNEL], users: [SLACK_AGENT] })
    : undefined;
  return {
    directory,
    anthropic,
    ...(slack ? { slack } : {}),
    environment: (variables = {}) => ({
      TANDEM_PORT: '0',
      TANDEM_SECRET: `${name}-secret-0123456789abcdefghijklmnop`,
      TANDEM_KNOWLEDGE_DIR: directory,
      ANTHROPIC_API_KEY: apiKey,
      ANTHROPIC_BASE_URL: anthropic.url,
      ...(slack
        ? {
            TANDEM_SLACK_BOT_TOKEN: slackSecrets.botToken,
            TANDEM_SLACK_SIGNING_SECRET: slackSecrets.signingSecret,
            TANDEM_SLACK_CHANNEL: SLACK_CHANNEL,
            TANDEM_SLACK_API_URL: slack.apiURL,
          }
        : {}),
      ...variables,
    }),
    async close() {
      await anthropic.close();
      await slack?.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** An answer long enough to be cut mid-stream when paced: crash and failover tests kill a relay inside it. */
export const LONG_RETURNS_ANSWER = `You have 30 days from delivery to return an item. ${'Pack it in its box, print the label from your order page and drop it at any parcel shop. '.repeat(6)}`;

/** The model's sure answer from the setup's returns section, optionally paced (`chunkSize`, `delayMs`). */
export function confidentAnswer(
  answer: string,
  pacing: Pick<ScriptedReply, 'chunkSize' | 'delayMs'> = {},
): ScriptedReply {
  return {
    tool: {
      input: {
        confidence: 0.95,
        sentiment: 0,
        intent: 'question',
        topics: ['returns'],
        citations: ['returns#return-window'],
        answer,
      },
    },
    ...pacing,
  };
}
