import type { HandoffAdapter } from '@tandem/handoff';
import { createEmailHandoff, createResendTransport, type EmailTransport } from '@tandem/handoff/email';
import { createSlackHandoff } from '@tandem/handoff/slack';
import { createWebhookHandoff } from '@tandem/handoff/webhook';
import { createZendeskHandoff } from '@tandem/handoff/zendesk';
import { z } from 'zod';
import { createInboxHandoff } from './inbox/inbox-adapter.ts';
import type { HandoffOptions } from './options.ts';

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' })
  .transform((value) => value === 'on' || value === 'true' || value === '1');

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0),
);

/**
 * Handoff settings as environment variables, for the `tandem-relay` command and the Workers entry. Each helpdesk
 * is configured when its variables are set (all of them, or none). Every HTTP helpdesk takes an API base URL, for
 * a company proxy or a test double.
 */
export const handoffVariablesSchema = z.object({
  TANDEM_SLACK_BOT_TOKEN: z.string().startsWith('xox', 'must be a Slack bot token (xoxb-…)').optional(),
  TANDEM_SLACK_SIGNING_SECRET: z.string().min(16, 'must be the Slack app’s signing secret').optional(),
  TANDEM_SLACK_CHANNEL: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/, 'must be a Slack channel id such as C0123456789')
    .optional(),
  /** The bot's own user id (U…), so its own messages in a thread are never taken for an agent's reply. */
  TANDEM_SLACK_BOT_USER_ID: z
    .string()
    .regex(/^[UWB][A-Z0-9]+$/, 'must be a Slack user id such as U0123456789')
    .optional(),
  TANDEM_SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TANDEM_ZENDESK_SUBDOMAIN: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be the subdomain, e.g. acme for acme.zendesk.com')
    .optional(),
  TANDEM_ZENDESK_EMAIL: z.email('must be the email of the Zendesk user the API token belongs to').optional(),
  TANDEM_ZENDESK_API_TOKEN: z.string().min(1).optional(),
  TANDEM_ZENDESK_OAUTH_TOKEN: z.string().min(1).optional(),
  TANDEM_ZENDESK_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Instead of the subdomain: the API's base URL, e.g. https://support.acme.example (a host-mapped Zendesk). */
  TANDEM_ZENDESK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TANDEM_EMAIL_FROM: z.string().min(3).optional(),
  TANDEM_EMAIL_TO: commaList.pipe(z.array(z.email('must be e-mail addresses, comma-separated')).min(1)).optional(),
  TANDEM_EMAIL_REPLY_ADDRESS: z.email('must be an e-mail address').optional(),
  TANDEM_EMAIL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TANDEM_EMAIL_INBOUND_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TANDEM_EMAIL_ALLOWED_SENDERS: commaList.optional(),
  TANDEM_SMTP_HOST: z.string().min(1).optional(),
  TANDEM_SMTP_PORT: z.coerce.number().int().min(1).max(65_535, 'must be a port number').optional(),
  TANDEM_SMTP_SECURE: onOff.optional(),
  TANDEM_SMTP_USER: z.string().min(1).optional(),
  TANDEM_SMTP_PASSWORD: z.string().min(1).optional(),
  TANDEM_RESEND_API_KEY: z.string().startsWith('re_', 'must be a Resend API key (re_…)').optional(),
  TANDEM_RESEND_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TANDEM_HANDOFF_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TANDEM_HANDOFF_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TANDEM_INBOX: onOff.optional(),
  TANDEM_INBOX_TOKEN: z.string().min(24, 'must be at least 24 characters (use a random value)').optional(),
  /** Adapter names in the order to try, e.g. `slack,zendesk,inbox`. Default: every configured one in that order. */
  TANDEM_HANDOFF_CHAIN: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name.length > 0),
    )
    .optional(),
  TANDEM_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be the relay’s public http(s) address' }).optional(),
});

export type HandoffVariables = z.output<typeof handoffVariablesSchema>;

/** Logged when the relay starts with no helpdesk, so the operator learns it before a visitor does. */
export const NO_HELPDESK_WARNING =
  'no helpdesk configured: "Talk to a person" tells visitors nobody is available, and the addresses they leave are only kept by the relay; configure Slack, Zendesk, e-mail, a webhook or the agent page (see .env.example)';

/** A helpdesk is half configured: `variables` are the ones still missing. */
export class HandoffVariablesError extends Error {
  readonly code = 'invalid_environment';
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(issues.map((issue) => `${issue.variable}: ${issue.message}`).join('\n'));
    this.name = 'HandoffVariablesError';
  }
}

/** What runs only on Node, passed in so the Workers build never bundles it. */
export interface HandoffRuntimeParts {
  /** `createSmtpTransport` from `@tandem/handoff/email/smtp`; without it the SMTP variables are refused. */
  smtpTransport?: (options: {
    host: string;
    port: number;
    secure: boolean;
    auth?: { user: string; pass: string };
  }) => EmailTransport;
}

/** The `handoff` option from the variables, or undefined when no helpdesk is configured. */
export function handoffFromVariables(
  variables: HandoffVariables,
  parts: HandoffRuntimeParts = {},
): HandoffOptions | undefined {
  const issues: { variable: string; message: string }[] = [];
  const adapters: HandoffAdapter[] = [];

  const slack = complete(
    variables,
    ['TANDEM_SLACK_BOT_TOKEN', 'TANDEM_SLACK_SIGNING_SECRET', 'TANDEM_SLACK_CHANNEL'],
    issues,
  );
  if (slack) {
    adapters.push(
      createSlackHandoff({
        botToken: slack.TANDEM_SLACK_BOT_TOKEN,
        signingSecret: slack.TANDEM_SLACK_SIGNING_SECRET,
        channel: slack.TANDEM_SLACK_CHANNEL,
        ...(variables.TANDEM_SLACK_BOT_USER_ID ? { botUserId: variables.TANDEM_SLACK_BOT_USER_ID } : {}),
        ...(variables.TANDEM_SLACK_API_URL ? { baseURL: variables.TANDEM_SLACK_API_URL } : {}),
      }),
    );
  }

  const zendeskAuth =
    variables.TANDEM_ZENDESK_OAUTH_TOKEN !== undefined
      ? (['TANDEM_ZENDESK_OAUTH_TOKEN'] as const)
      : (['TANDEM_ZENDESK_EMAIL', 'TANDEM_ZENDESK_API_TOKEN'] as const);
  const zendeskAddress =
    variables.TANDEM_ZENDESK_API_URL !== undefined
      ? (['TANDEM_ZENDESK_API_URL'] as const)
      : (['TANDEM_ZENDESK_SUBDOMAIN'] as const);
  const zendesk = complete(variables, [...zendeskAddress, 'TANDEM_ZENDESK_WEBHOOK_SECRET', ...zendeskAuth], issues);
  if (zendesk) {
    adapters.push(
      createZendeskHandoff({
        ...(variables.TANDEM_ZENDESK_SUBDOMAIN ? { subdomain: variables.TANDEM_ZENDESK_SUBDOMAIN } : {}),
        ...(variables.TANDEM_ZENDESK_API_URL ? { baseURL: variables.TANDEM_ZENDESK_API_URL } : {}),
        webhookSecret: zendesk.TANDEM_ZENDESK_WEBHOOK_SECRET,
        auth:
          variables.TANDEM_ZENDESK_OAUTH_TOKEN !== undefined
            ? { oauthToken: variables.TANDEM_ZENDESK_OAUTH_TOKEN }
            : { email: variables.TANDEM_ZENDESK_EMAIL ?? '', apiToken: variables.TANDEM_ZENDESK_API_TOKEN ?? '' },
      }),
    );
  }

  const webhook = complete(variables, ['TANDEM_HANDOFF_WEBHOOK_URL', 'TANDEM_HANDOFF_WEBHOOK_SECRET'], issues);
  if (webhook) {
    adapters.push(
      createWebhookHandoff({ url: webhook.TANDEM_HANDOFF_WEBHOOK_URL, secret: webhook.TANDEM_HANDOFF_WEBHOOK_SECRET }),
    );
  }

  const email = emailFromVariables(variables, parts, issues);
  if (email) adapters.push(email);

  if (variables.TANDEM_INBOX === true) adapters.push(createInboxHandoff());
  else if (variables.TANDEM_INBOX_TOKEN !== undefined && adapters.length === 0) {
    // The token (the staff token) also protects the console, which a relay with any helpdesk serves.
    issues.push({
      variable: 'TANDEM_INBOX',
      message:
        'set it to on (or configure Slack, Zendesk or a webhook) to serve the console that TANDEM_INBOX_TOKEN protects',
    });
  }

  const names = adapters.map((adapter) => adapter.name);
  for (const name of variables.TANDEM_HANDOFF_CHAIN ?? []) {
    if (!names.includes(name)) {
      issues.push({
        variable: 'TANDEM_HANDOFF_CHAIN',
        message: `names "${name}", which is not configured (configured: ${names.join(', ') || 'none'})`,
      });
    }
  }
  if (issues.length > 0) throw new HandoffVariablesError(issues);
  if (adapters.length === 0) return undefined;
  return {
    adapters,
    ...(variables.TANDEM_HANDOFF_CHAIN ? { chain: variables.TANDEM_HANDOFF_CHAIN } : {}),
    ...(variables.TANDEM_INBOX_TOKEN !== undefined ? { inboxToken: variables.TANDEM_INBOX_TOKEN } : {}),
    ...(variables.TANDEM_PUBLIC_URL !== undefined ? { publicUrl: variables.TANDEM_PUBLIC_URL } : {}),
  };
}

// --- internal ---

const EMAIL_VARIABLES = [
  'TANDEM_EMAIL_FROM',
  'TANDEM_EMAIL_TO',
  'TANDEM_EMAIL_REPLY_ADDRESS',
  'TANDEM_EMAIL_SECRET',
  'TANDEM_EMAIL_INBOUND_SECRET',
] as const;

/** E-mail to the support team, through SMTP (Node) or Resend's HTTP API (anywhere). */
function emailFromVariables(
  variables: HandoffVariables,
  parts: HandoffRuntimeParts,
  issues: { variable: string; message: string }[],
): HandoffAdapter | undefined {
  const smtpSet = variables.TANDEM_SMTP_HOST !== undefined || variables.TANDEM_SMTP_PORT !== undefined;
  const resendSet = variables.TANDEM_RESEND_API_KEY !== undefined;
  const settings = complete(variables, EMAIL_VARIABLES, issues);
  if (!settings) {
    if (smtpSet || resendSet) {
      const missing = EMAIL_VARIABLES.filter((name) => variables[name] === undefined);
      const given = smtpSet ? 'TANDEM_SMTP_HOST' : 'TANDEM_RESEND_API_KEY';
      // complete() already named the missing ones when some were given.
      if (missing.length === EMAIL_VARIABLES.length) {
        for (const name of missing) issues.push({ variable: name, message: `is required with ${given}` });
      }
    }
    return undefined;
  }
  if (smtpSet && resendSet) {
    issues.push({
      variable: 'TANDEM_RESEND_API_KEY',
      message: 'set either SMTP (TANDEM_SMTP_HOST) or Resend, not both',
    });
    return undefined;
  }
  let transport: EmailTransport | undefined;
  if (resendSet) {
    transport = createResendTransport({
      apiKey: variables.TANDEM_RESEND_API_KEY ?? '',
      ...(variables.TANDEM_RESEND_API_URL ? { baseURL: variables.TANDEM_RESEND_API_URL } : {}),
    });
  } else if (smtpSet) {
    const smtp = complete(variables, ['TANDEM_SMTP_HOST', 'TANDEM_SMTP_PORT'], issues);
    const auth = complete(variables, ['TANDEM_SMTP_USER', 'TANDEM_SMTP_PASSWORD'], issues);
    if (!smtp) return undefined;
    if (!parts.smtpTransport) {
      issues.push({
        variable: 'TANDEM_SMTP_HOST',
        message: 'SMTP needs Node (TCP sockets); on Workers send through Resend with TANDEM_RESEND_API_KEY',
      });
      return undefined;
    }
    transport = parts.smtpTransport({
      host: smtp.TANDEM_SMTP_HOST,
      port: smtp.TANDEM_SMTP_PORT,
      secure: variables.TANDEM_SMTP_SECURE ?? smtp.TANDEM_SMTP_PORT === 465,
      ...(auth ? { auth: { user: auth.TANDEM_SMTP_USER, pass: auth.TANDEM_SMTP_PASSWORD } } : {}),
    });
  } else {
    issues.push({
      variable: 'TANDEM_SMTP_HOST',
      message: 'e-mail handoff needs a way to send: TANDEM_SMTP_HOST and TANDEM_SMTP_PORT, or TANDEM_RESEND_API_KEY',
    });
    return undefined;
  }
  return createEmailHandoff({
    transport,
    from: settings.TANDEM_EMAIL_FROM,
    to: settings.TANDEM_EMAIL_TO,
    replyAddress: settings.TANDEM_EMAIL_REPLY_ADDRESS,
    secret: settings.TANDEM_EMAIL_SECRET,
    inboundSecret: settings.TANDEM_EMAIL_INBOUND_SECRET,
    ...(variables.TANDEM_EMAIL_ALLOWED_SENDERS ? { allowedSenders: variables.TANDEM_EMAIL_ALLOWED_SENDERS } : {}),
  });
}

/** The variables when all are set; undefined when none are; an issue for each missing one otherwise. */
function complete<Name extends keyof HandoffVariables>(
  variables: HandoffVariables,
  names: readonly Name[],
  issues: { variable: string; message: string }[],
): { [Key in Name]: NonNullable<HandoffVariables[Key]> } | undefined {
  const missing = names.filter((name) => variables[name] === undefined);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) {
    const given = names.filter((name) => !missing.includes(name)).join(', ');
    for (const name of missing) issues.push({ variable: name, message: `is required with ${given}` });
    return undefined;
  }
  return Object.fromEntries(names.map((name) => [name, variables[name]])) as {
    [Key in Name]: NonNullable<HandoffVariables[Key]>;
  };
}
