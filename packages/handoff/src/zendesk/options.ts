import { prioritySchema } from '@tandem/protocol';
import { z } from 'zod';
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS } from '../handoff-adapter.ts';
import { httpOptionsShape } from '../internal/options.ts';

const zendeskPrioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);

/** Where a custom field's value comes from: a fixed value, or a part of the context packet. */
const customFieldSchema = z.union([
  z.object({ id: z.number().int().positive(), value: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({
    id: z.number().int().positive(),
    from: z.enum(['conversationId', 'conversationUrl', 'tier', 'locale', 'pageUrl', 'userId', 'sentiment', 'priority']),
  }),
]);
export type ZendeskCustomField = z.infer<typeof customFieldSchema>;

const authSchema = z.union([
  /** API token auth: `{email}/token:{api_token}` over Basic auth. */
  z.object({ email: z.email(), apiToken: z.string().min(1) }),
  /** OAuth access token, sent as a Bearer token. */
  z.object({ oauthToken: z.string().min(1) }),
]);

export const zendeskHandoffOptionsSchema = z
  .object({
    ...httpOptionsShape,
    /** `acme` for https://acme.zendesk.com; or give `baseURL`. */
    subdomain: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/)
      .optional(),
    auth: authSchema,
    /** The signing secret of the Zendesk webhook that calls the relay. */
    webhookSecret: z.string().min(1),
    /** The context packet comment is internal by default: it holds assessments the customer should not get by email. */
    contextCommentPublic: z.boolean().default(false),
    /** Our priority → Zendesk's (the same four names unless mapped otherwise). */
    priorityMap: z.partialRecord(prioritySchema, zendeskPrioritySchema).default({}),
    tags: z.array(z.string().regex(/^[^\s,]+$/, 'must not contain spaces or commas')).default(['tandem']),
    customFields: z.array(customFieldSchema).default([]),
    /** A ticket tag by which an agent marks the handoff as needed (a label for the escalation policy). */
    neededTag: z
      .string()
      .regex(/^[^\s,]+$/)
      .default('tandem_handoff_needed'),
    /** A ticket tag by which an agent marks the handoff as not needed: the assistant could have answered. */
    notNeededTag: z
      .string()
      .regex(/^[^\s,]+$/)
      .default('tandem_handoff_not_needed'),
    /** Status set when the conversation closes on the customer's side. */
    closeStatus: z.enum(['open', 'pending', 'solved']).default('solved'),
    toleranceSeconds: z.number().int().positive().default(DEFAULT_SIGNATURE_TOLERANCE_SECONDS),
  })
  .refine((options) => options.subdomain !== undefined || options.baseURL !== undefined, {
    message: 'give subdomain or baseURL',
    path: ['subdomain'],
  });
export type ZendeskHandoffOptions = z.input<typeof zendeskHandoffOptionsSchema>;
export type ResolvedZendeskOptions = z.output<typeof zendeskHandoffOptionsSchema>;
