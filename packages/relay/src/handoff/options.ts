import type { HandoffAdapter } from '@tandem/handoff';
import { z } from 'zod';
import type { HandoffSummarizer } from './context-packet.ts';
import { chainSchema, routeRuleSchema } from './routing.ts';

const adapterSchema = z.custom<HandoffAdapter>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    (value as HandoffAdapter).specificationVersion === 'v1' &&
    typeof (value as HandoffAdapter).name === 'string' &&
    typeof (value as HandoffAdapter).open === 'function' &&
    typeof (value as HandoffAdapter).send === 'function',
  'must be a HandoffAdapter (specificationVersion "v1" with name, open() and send())',
);

const summarizerSchema = z.custom<HandoffSummarizer>(
  (value) => typeof value === 'function',
  'must be a function ({ conversation, transcript, reasons }) => Promise<{ summary, suggestedReply? }>',
);

/** `createRelay({ handoff })`: which helpdesks receive handed-off conversations, and how hard to try. */
export const handoffOptionsSchema = z
  .strictObject({
    /** Every adapter the relay may use, each with a unique name. Webhooks arrive at /v1/webhooks/<name>. */
    adapters: z.array(adapterSchema).min(1, 'must hold at least one adapter'),
    /** The chain when no route matches. Default: every adapter, in the order given. */
    chain: chainSchema.optional(),
    /** Checked in order; the first whose conditions all hold picks the chain. */
    routes: z.array(routeRuleSchema).default([]),
    retry: z
      .strictObject({
        /** Calls per adapter before failing over to the next, the first included. */
        attempts: z.number().int().min(1).max(10).default(3),
        initialDelayMs: z.number().int().min(0).max(60_000).default(500),
        /** Also caps a helpdesk's Retry-After. */
        maxDelayMs: z.number().int().min(0).max(300_000).default(10_000),
      })
      .prefault({}),
    /** Handoffs no adapter accepted are kept and retried in the background. */
    pending: z
      .strictObject({
        /** Between background retries of kept handoffs. 0 turns the background retry off. */
        retryIntervalMs: z.number().int().min(0).default(60_000),
        /** Background passes before a kept handoff waits for `retryPendingHandoffs()` alone. */
        maxRetries: z.number().int().min(1).max(10_000).default(60),
      })
      .prefault({}),
    /** How long ticket ↔ conversation mappings are kept, in seconds. Default 30 days. */
    ticketTtlSeconds: z
      .number()
      .int()
      .min(60)
      .default(30 * 24 * 60 * 60),
    /** The relay's public address, for the link back to the conversation in every context packet. */
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    /**
     * Writes the summary and suggested reply in each context packet. Default: the assistant's own summary (Claude's)
     * when it has one, else an extractive summary of the transcript (`createHandoffSummarizer`).
     */
    summarize: summarizerSchema.optional(),
    /** Protects the agent page and its API outside development. At least 24 characters. */
    inboxToken: z.string().min(24, 'must be at least 24 characters (use a random value)').optional(),
    /** Serves the agent page without a token. Only for a relay on your own machine. */
    development: z.boolean().default(false),
  })
  .superRefine((options, context) => {
    const names = new Set<string>();
    for (const [index, adapter] of options.adapters.entries()) {
      if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(adapter.name)) {
        context.addIssue({
          code: 'custom',
          path: ['adapters', index],
          message: `name "${adapter.name}" must be lowercase letters, digits, "-" or "_" (it is part of a URL)`,
        });
      }
      if (names.has(adapter.name)) {
        context.addIssue({
          code: 'custom',
          path: ['adapters', index],
          message: `two adapters are named "${adapter.name}"; give each its own name`,
        });
      }
      names.add(adapter.name);
    }
    const checkChain = (chain: z.output<typeof chainSchema>, path: (string | number)[]) => {
      for (const [index, step] of chain.entries()) {
        const name = typeof step === 'string' ? step : step.adapter;
        if (!names.has(name)) {
          context.addIssue({
            code: 'custom',
            path: [...path, index],
            message: `names adapter "${name}", which is not in handoff.adapters (${[...names].join(', ')})`,
          });
        }
      }
    };
    if (options.chain) checkChain(options.chain, ['chain']);
    for (const [index, rule] of options.routes.entries()) checkChain(rule.chain, ['routes', index, 'chain']);
  });

export type HandoffOptions = z.input<typeof handoffOptionsSchema>;
export type ResolvedHandoffOptions = z.output<typeof handoffOptionsSchema>;
