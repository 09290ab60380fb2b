import { prioritySchema } from '@tandem/protocol';
import { z } from 'zod';
import { businessHoursSchema } from './availability/business-hours.ts';
import { compilePhrase } from './signals/phrase-pattern.ts';
import { DEFAULT_SENSITIVE_TOPICS } from './signals/sensitive-topics-defaults.ts';

const phraseSchema = z
  .string()
  .min(1)
  .max(200)
  .superRefine((phrase, context) => {
    try {
      compilePhrase(phrase);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message.replace(/^\[tandem\] \[policy\] /, '') });
    }
  });

export const sensitiveTopicSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case id such as "fraud" or "legal-threat"'),
  phrases: z.array(phraseSchema).min(1),
  priority: prioritySchema.default('normal'),
});

/** Escalation thresholds; every field has a default, so `{}` is a complete configuration. */
export const policyConfigSchema = z.strictObject({
  /** Below this assistant confidence (0..1) a person answers instead. Default 0.5. */
  confidenceFloor: z.number().min(0).max(1).default(0.5),
  /** At or below this sentiment (−1..1, the local score or the model's) a person takes over. Default −0.6. */
  sentimentFloor: z.number().min(-1).max(0).default(-0.6),
  /** At or below this sentiment the handoff is high priority. Default −0.8. */
  sentimentHighPriority: z.number().min(-1).max(0).default(-0.8),
  /** Worsening: the newest message this much below the mean of the previous three… Default 0.6. */
  worseningDrop: z.number().min(0).max(2).default(0.6),
  /** …and at or below this, so "thanks!" followed by a mild "hmm, the link fails" is not a crisis. Default −0.3. */
  worseningBelow: z.number().min(-1).max(0).default(-0.3),
  /** Escalate when the visitor asks for a person in so many words. Default true. */
  humanRequests: z.boolean().default(true),
  loop: z
    .strictObject({
      /** Times the visitor may ask the same thing before a person takes over. Default 1 (the second ask). */
      repeatedQuestions: z.number().int().min(1).default(1),
      /** Content-word similarity (0..1) at which two messages ask the same thing. Default 0.6. */
      similarity: z.number().min(0).max(1).default(0.6),
      /** Assistant turns in a row under `lowConfidenceBelow` before a person takes over. Default 2. */
      lowConfidenceTurns: z.number().int().min(1).default(2),
      /** Confidence under which a turn counts as unsure for the streak. Default 0.65. */
      lowConfidenceBelow: z.number().min(0).max(1).default(0.65),
    })
    .prefault({}),
  vip: z
    .strictObject({
      /** Identity attribute holding the customer tier (honoured only for verified identities). Default "tier". */
      attribute: z.string().min(1).default('tier'),
      /** Tiers that count as VIP. Default vip, premium, gold, platinum. */
      tiers: z.array(z.string().min(1)).default(['vip', 'premium', 'gold', 'platinum']),
      /** Hand every VIP to a person at their first message. Default false. */
      alwaysEscalate: z.boolean().default(false),
      /** Priority steps added to a VIP's handoff. Default 1 (normal → high). */
      priorityBoost: z.number().int().min(0).max(3).default(1),
    })
    .prefault({}),
  /** Topics a person handles. Default: disputes, fraud, chargebacks, legal threats, bereavement, complaints. */
  topics: z
    .array(sensitiveTopicSchema)
    .default(DEFAULT_SENSITIVE_TOPICS.map((topic) => ({ priority: 'normal', ...topic }))),
  /** The team's hours; outside them the visitor is told nobody is available and asked for an address. */
  businessHours: businessHoursSchema.optional(),
});

export type PolicyConfigInput = z.input<typeof policyConfigSchema>;
export type PolicyConfig = z.output<typeof policyConfigSchema>;

/** Parses a configuration, filling defaults; throws naming the bad field. */
export function resolvePolicyConfig(input: PolicyConfigInput = {}): PolicyConfig {
  return policyConfigSchema.parse(input);
}
