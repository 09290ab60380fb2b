import { createSmtpTransport } from '@tandem/handoff/email/smtp';
import { sampleContext, startFakeResend, startFakeSlack, startFakeZendesk } from '@tandem/handoff/test';
import { describe, expect, it } from 'vitest';
// The SMTP fake needs smtp-server, a development dependency of @tandem/handoff, so it is not on its ./test subpath.
import { startFakeSmtp } from '../../../handoff/test/fakes/smtp-fake.ts';
import { createRelay } from '../app.ts';
import { createOfflineAssistant } from '../assistant/offline.ts';
import { handoffFromVariables, handoffVariablesSchema } from './environment.ts';

const slack = {
  TANDEM_SLACK_BOT_TOKEN: 'xoxb-1234-5678',
  TANDEM_SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  TANDEM_SLACK_CHANNEL: 'C0123456789',
};

function fromEnvironment(environment: Record<string, string>) {
  return handoffFromVariables(handoffVariablesSchema.parse(environment), { smtpTransport: createSmtpTransport });
}

const email = {
  TANDEM_EMAIL_FROM: 'Tandem <handoff@shop.example>',
  TANDEM_EMAIL_TO: 'support@shop.example, lead@shop.example',
  TANDEM_EMAIL_REPLY_ADDRESS: 'support@reply.shop.example',
  TANDEM_EMAIL_SECRET: 'email-reply-token-secret-0123456789abcdef',
  TANDEM_EMAIL_INBOUND_SECRET: 'email-inbound-secret-0123456789abcdefgh',
};

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

  it("reaches Slack at another API address, knowing the bot's own user id", async () => {
    const fake = await startFakeSlack({
      botToken: slack.TANDEM_SLACK_BOT_TOKEN,
      signingSecret: slack.TANDEM_SLACK_SIGNING_SECRET,
      channels: [slack.TANDEM_SLACK_CHANNEL],
    });
    try {
      const handoff = fromEnvironment({
        ...slack,
        TANDEM_SLACK_API_URL: fake.apiURL,
        TANDEM_SLACK_BOT_USER_ID: fake.botUserId,
      });
      const adapter = handoff?.adapters[0];
      await adapter?.open(sampleContext(), {});
      expect(fake.messages.map((message) => message.channel)).toContain(slack.TANDEM_SLACK_CHANNEL);
      expect(() => fromEnvironment({ ...slack, TANDEM_SLACK_BOT_USER_ID: 'tandem-bot' })).toThrow();
    } finally {
      await fake.close();
    }
  });

  it('reaches Zendesk by its API address instead of a subdomain', async () => {
    const fake = await startFakeZendesk({
      auth: { email: 'support@acme.example', apiToken: 'zendesk-token' },
      webhookSecret: 'zendesk-webhook-secret',
    });
    try {
      const handoff = fromEnvironment({
        TANDEM_ZENDESK_API_URL: fake.url,
        TANDEM_ZENDESK_EMAIL: 'support@acme.example',
        TANDEM_ZENDESK_API_TOKEN: 'zendesk-token',
        TANDEM_ZENDESK_WEBHOOK_SECRET: 'zendesk-webhook-secret',
      });
      await handoff?.adapters[0]?.open(sampleContext(), {});
      expect(fake.tickets).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('e-mails the team through SMTP', async () => {
    const smtp = await startFakeSmtp({ inboundSecret: email.TANDEM_EMAIL_INBOUND_SECRET });
    try {
      const handoff = fromEnvironment({ ...email, TANDEM_SMTP_HOST: smtp.host, TANDEM_SMTP_PORT: String(smtp.port) });
      expect(handoff?.adapters.map((adapter) => adapter.name)).toEqual(['email']);
      await handoff?.adapters[0]?.open(sampleContext(), {});
      expect(smtp.mailbox.received).toHaveLength(1);
      expect(smtp.mailbox.received[0]?.to).toEqual(['support@shop.example', 'lead@shop.example']);
    } finally {
      await smtp.close();
    }
  });

  it("e-mails the team through Resend's HTTP API, at another address when told", async () => {
    const resend = await startFakeResend({ apiKey: 're_test_key', inboundSecret: email.TANDEM_EMAIL_INBOUND_SECRET });
    try {
      const handoff = fromEnvironment({
        ...email,
        TANDEM_RESEND_API_KEY: 're_test_key',
        TANDEM_RESEND_API_URL: resend.url,
      });
      await handoff?.adapters[0]?.open(sampleContext(), {});
      expect(resend.mailbox.received).toHaveLength(1);
    } finally {
      await resend.close();
    }
  });

  it('says what an e-mail set-up still lacks, and that SMTP needs Node', () => {
    expect(() => fromEnvironment({ TANDEM_RESEND_API_KEY: 're_test_key' })).toThrow(
      /TANDEM_EMAIL_FROM: is required with TANDEM_RESEND_API_KEY/,
    );
    expect(() => fromEnvironment({ ...email })).toThrow(/TANDEM_SMTP_HOST: e-mail handoff needs a way to send/);
    expect(() =>
      handoffFromVariables(
        handoffVariablesSchema.parse({ ...email, TANDEM_SMTP_HOST: 'smtp.example', TANDEM_SMTP_PORT: '587' }),
      ),
    ).toThrow(/SMTP needs Node/);
  });
});
