import type { HandoffContext } from '@tandem/handoff';
import { localeSchema, prioritySchema } from '@tandem/protocol';
import { z } from 'zod';

/** One link of a chain: an adapter by name, optionally with its own route (a Slack channel, a Zendesk group). */
export const chainStepSchema = z.union([
  z.string().min(1),
  z.strictObject({
    adapter: z.string().min(1),
    /** Passed to the adapter's open() as `route`: which channel, queue, group or address inside that helpdesk. */
    route: z.string().min(1).max(500).optional(),
  }),
]);

export const chainSchema = z.array(chainStepSchema).min(1, 'must name at least one adapter');

/** Every condition given must hold; a condition lists the values any one of which matches. */
export const routeConditionSchema = z
  .strictObject({
    priority: z.array(prioritySchema).min(1).optional(),
    /** Verified tiers only, e.g. ["vip"]. */
    tier: z.array(z.string().min(1)).min(1).optional(),
    /** Language tags; "de" also matches "de-AT". */
    locale: z.array(localeSchema).min(1).optional(),
    /** Matches an escalation reason equal to the topic or written "topic:<topic>". */
    topic: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((condition) => Object.keys(condition).length > 0, 'must hold at least one condition');

export const routeRuleSchema = z.strictObject({
  /** Shown in logs and metrics. */
  name: z.string().min(1).max(100).optional(),
  when: routeConditionSchema,
  chain: chainSchema,
});

export type ChainStep = z.output<typeof chainStepSchema>;
export type RouteRule = z.output<typeof routeRuleSchema>;
export type RouteCondition = z.output<typeof routeConditionSchema>;

/** A chain after routing: adapters to try in order, each with its route. */
export interface ResolvedStep {
  adapter: string;
  route?: string;
}

export interface RoutingDecision {
  /** The rule's name, or "default". */
  rule: string;
  chain: ResolvedStep[];
}

/** The first rule whose conditions all hold decides the chain; otherwise the default chain. */
export function chooseRoute(
  context: Pick<HandoffContext, 'priority' | 'tier' | 'locale' | 'reasons'>,
  rules: readonly RouteRule[],
  defaultChain: readonly ChainStep[],
): RoutingDecision {
  for (const [index, rule] of rules.entries()) {
    if (matches(rule.when, context)) return { rule: rule.name ?? `rule ${index + 1}`, chain: resolveChain(rule.chain) };
  }
  return { rule: 'default', chain: resolveChain(defaultChain) };
}

export function resolveChain(chain: readonly ChainStep[]): ResolvedStep[] {
  return chain.map((step) =>
    typeof step === 'string'
      ? { adapter: step }
      : { adapter: step.adapter, ...(step.route ? { route: step.route } : {}) },
  );
}

// --- internal ---

function matches(
  condition: RouteCondition,
  context: Pick<HandoffContext, 'priority' | 'tier' | 'locale' | 'reasons'>,
): boolean {
  if (condition.priority && !condition.priority.includes(context.priority)) return false;
  if (condition.tier) {
    const tier = context.tier?.toLowerCase();
    if (!tier || !condition.tier.some((wanted) => wanted.toLowerCase() === tier)) return false;
  }
  if (condition.locale) {
    const locale = context.locale?.toLowerCase();
    if (!locale) return false;
    const matched = condition.locale.some((wanted) => {
      const tag = wanted.toLowerCase();
      return locale === tag || locale.startsWith(`${tag}-`);
    });
    if (!matched) return false;
  }
  if (condition.topic) {
    const reasons = context.reasons.map((reason) => reason.toLowerCase());
    const matched = condition.topic.some((topic) => {
      const wanted = topic.toLowerCase();
      return reasons.some((reason) => reason === wanted || reason === `topic:${wanted}`);
    });
    if (!matched) return false;
  }
  return true;
}
