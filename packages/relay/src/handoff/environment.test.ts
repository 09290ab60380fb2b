import { describe, expect, it } from 'vitest';
import { createRelay } from '../app.ts';
import { createOfflineAssistant } from '../assistant/offline.ts';
import { handoffFromVariables, handoffVariablesSchema } from './environment.ts';

const slack = {
  TANDEM_SLACK_BOT_TOKEN: 'xoxb-1234-5678',
  TANDEM_SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  TANDEM_SLACK_CHANNEL: 'C0123456789',
};

function fromEnvironment(environment: Record<string, string>) {
  return handoffFromVariables(handoffVariablesSchema.parse(environment));
}

describe('handoff from environment variables', () => {
  it('configures nothing when no helpdesk is set', () => {
    expect(fromEnvironment({})).toBeUndefined();
  });

  it('builds the chain from every helpdesk set, in a chosen order, and the relay accepts it', () => {
    const handoff = fromEnvironment({
      ...slack,
      TANDEM_ZENDESK_SUBDOMAIN: 'acme',
      TANDEM_ZENDESK_EMAIL: 'support@acme.example',
      TANDEM_ZENDESK_API_TOKEN: 'zendesk-token',
      TANDEM_ZENDESK_WEBHOOK_SECRET: 'zendesk-webhook-secret',
      TANDEM_INBOX: 'on',
      TANDEM_INBOX_TOKEN: 'inbox-token-0123456789abcdef',
      TANDEM_HANDOFF_CHAIN: 'zendesk, slack',
      TANDEM_PUBLIC_URL: 'https://relay.acme.example',
    });
    expect(handoff?.adapters.map((adapter) => adapter.name)).toEqual(['slack', 'zendesk', 'inbox']);
    expect(handoff?.chain).toEqual(['zendesk', 'slack']);
    const relay = createRelay({
      secret: 'environment-test-secret-0123456789abcd',
      assistant: createOfflineAssistant({ knowledge: [] }),
      allowedOrigins: '*',
      ...(handoff ? { handoff } : {}),
    });
    expect([...(relay.handoff?.adapters.keys() ?? [])]).toEqual(['slack', 'zendesk', 'inbox']);
  });

  it('names every variable a half-configured helpdesk still needs', () => {
    expect(() => fromEnvironment({ TANDEM_SLACK_BOT_TOKEN: slack.TANDEM_SLACK_BOT_TOKEN })).toThrow(
      /TANDEM_SLACK_SIGNING_SECRET: is required with TANDEM_SLACK_BOT_TOKEN\nTANDEM_SLACK_CHANNEL: is required/,
    );
    expect(() => fromEnvironment({ ...slack, TANDEM_HANDOFF_CHAIN: 'slack,zendesk' })).toThrow(
      /TANDEM_HANDOFF_CHAIN: names "zendesk", which is not configured \(configured: slack\)/,
    );
    expect(() => fromEnvironment({ TANDEM_INBOX_TOKEN: 'inbox-token-0123456789abcdef' })).toThrow(
      /TANDEM_INBOX: set it to on/,
    );
    // With a helpdesk, the token alone protects the support console.
    expect(fromEnvironment({ ...slack, TANDEM_INBOX_TOKEN: 'inbox-token-0123456789abcdef' })).toMatchObject({
      inboxToken: 'inbox-token-0123456789abcdef',
    });
  });

  it('refuses malformed values with a message per variable', () => {
    const result = handoffVariablesSchema.safeParse({
      ...slack,
      TANDEM_SLACK_CHANNEL: '#support',
      TANDEM_INBOX: 'yes',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ['TANDEM_SLACK_CHANNEL', 'must be a Slack channel id such as C0123456789'],
      ['TANDEM_INBOX', 'must be on or off'],
    ]);
  });
});
