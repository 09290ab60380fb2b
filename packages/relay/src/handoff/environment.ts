import type { HandoffAdapter } from '@tandem/handoff';
import { createSlackHandoff } from '@tandem/handoff/slack';
import { createWebhookHandoff } from '@tandem/handoff/webhook';
import { createZendeskHandoff } from '@tandem/handoff/zendesk';
import { z } from 'zod';
import { createInboxHandoff } from './inbox/inbox-adapter.ts';
import type { HandoffOptions } from './options.ts';

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' })
  .transform((value) => value === 'on' || value === 'true' || value === '1');

/**
 * Handoff settings as environment variables, for the `tandem-relay` command and the Workers entry. Each helpdesk
 * is configured when its variables are set (all of them, or none); the email adapter needs code (docs/adapters/email.md).
 */
export const handoffVariablesSchema = z.object({
  TANDEM_SLACK_BOT_TOKEN: z.string().startsWith('xox', 'must be a Slack bot token (xoxb-…)').optional(),
  TANDEM_SLACK_SIGNING_SECRET: z.string().min(16, 'must be the Slack app’s signing secret').optional(),
  TANDEM_SLACK_CHANNEL: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/, 'must be a Slack channel id such as C0123456789')
    .optional(),
  TANDEM_ZENDESK_SUBDOMAIN: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be the subdomain, e.g. acme for acme.zendesk.com')
    .optional(),
  TANDEM_ZENDESK_EMAIL: z.email('must be the email of the Zendesk user the API token belongs to').optional(),
  TANDEM_ZENDESK_API_TOKEN: z.string().min(1).optional(),
  TANDEM_ZENDESK_OAUTH_TOKEN: z.string().min(1).optional(),
  TANDEM_ZENDESK_WEBHOOK_SECRET: z.string().min(1).optional(),
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

/** The `handoff` option from the variables, or undefined when no helpdesk is configured. */
export function handoffFromVariables(variables: HandoffVariables): HandoffOptions | undefined {
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
      }),
    );
  }

  const zendeskAuth =
    variables.TANDEM_ZENDESK_OAUTH_TOKEN !== undefined
      ? (['TANDEM_ZENDESK_OAUTH_TOKEN'] as const)
      : (['TANDEM_ZENDESK_EMAIL', 'TANDEM_ZENDESK_API_TOKEN'] as const);
  const zendesk = complete(
    variables,
    ['TANDEM_ZENDESK_SUBDOMAIN', 'TANDEM_ZENDESK_WEBHOOK_SECRET', ...zendeskAuth],
    issues,
  );
  if (zendesk) {
    adapters.push(
      createZendeskHandoff({
        subdomain: zendesk.TANDEM_ZENDESK_SUBDOMAIN,
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

  if (variables.TANDEM_INBOX === true) adapters.push(createInboxHandoff());
  else if (variables.TANDEM_INBOX_TOKEN !== undefined) {
    issues.push({
      variable: 'TANDEM_INBOX',
      message: 'set it to on to serve the agent page that TANDEM_INBOX_TOKEN protects',
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
