import type { AuditLog } from '../audit/audit-log.ts';
import { createMemoryAuditLog } from '../audit/memory.ts';
import type { ResolvedAuditOptions } from '../audit/options.ts';
import type { TurnEscalation } from '../conversation/assistant-turn.ts';
import type { MetricsRegistry } from '../observability/metrics.ts';
import { redact } from '../privacy/redact.ts';
import { createSignalCollector } from './collect-signals.ts';
import { type PolicyConfig, resolvePolicyConfig } from './config.ts';

export interface TurnEscalationInput {
  /** Undefined when the merchant turned the policy off. */
  policy: PolicyConfig | undefined;
  audit: ResolvedAuditOptions;
  adaptersAvailable: () => boolean;
  metrics?: MetricsRegistry;
}

/** Builds what an assistant turn needs to escalate and to record, from the relay's resolved options. */
export function createTurnEscalation(input: TurnEscalationInput): {
  escalation: Omit<TurnEscalation, 'conversations'>;
  audit: AuditLog;
} {
  const audit = input.audit.log ?? createMemoryAuditLog();
  return {
    audit,
    escalation: {
      policy: input.policy,
      // Without a policy the local signals still score each answer's question for the audit log.
      signals: createSignalCollector(input.policy ?? resolvePolicyConfig()),
      audit,
      redact: input.audit.redact ? (text) => redact(text) : (text) => text,
      adaptersAvailable: input.adaptersAvailable,
      ...(input.metrics ? { metrics: input.metrics } : {}),
    },
  };
}
