import type { Message } from '@tandem/protocol';
import type { HandoffContext } from '../handoff-context.ts';

/** One labelled fact of the context packet, in the order every renderer shows them. */
export interface ContextFact {
  label: string;
  value: string;
}

/** The facts an agent scans first: priority, why, who, where. Empty facts are left out. */
export function contextFacts(context: HandoffContext): ContextFact[] {
  const facts: ContextFact[] = [
    { label: 'Priority', value: context.priority },
    {
      label: 'Escalation reasons',
      value: context.reasons.length > 0 ? context.reasons.map(describeReason).join(', ') : 'none given',
    },
    { label: 'Customer', value: describeCustomer(context) },
  ];
  if (context.tier !== undefined) facts.push({ label: 'Tier', value: context.tier });
  if (context.locale !== undefined) facts.push({ label: 'Locale', value: context.locale });
  if (context.pageUrl !== undefined) facts.push({ label: 'Page', value: context.pageUrl });
  facts.push({ label: 'Sentiment', value: describeSentiment(context.sentimentTrajectory) });
  return facts;
}

const REASON_LABELS: Record<string, string> = {
  visitor_request: 'pressed "Talk to a person"',
  human_requested: 'asked for a person',
  low_confidence: 'assistant unsure of the answer',
  low_confidence_streak: 'assistant unsure several times in a row',
  negative_sentiment: 'customer upset',
  worsening_sentiment: 'mood getting worse',
  sensitive_topic: 'sensitive topic',
  repeated_question: 'asked the same thing again',
  vip: 'VIP customer',
  agent_joined: 'an agent joined',
  contact_left: 'left an address for a reply',
};

/**
 * "customer upset (negative_sentiment)": words an agent reads at a glance, with the code that routing rules and
 * searches in the helpdesk match on. Unknown codes (a custom adapter's own) are shown as they are.
 */
export function describeReason(reason: string): string {
  const topic = /^topic:(.+)$/.exec(reason)?.[1];
  const label = topic !== undefined ? `sensitive topic: ${topic.replaceAll(/[_-]+/g, ' ')}` : REASON_LABELS[reason];
  return label ? `${label} (${reason})` : reason;
}

export function describeCustomer(context: HandoffContext): string {
  const identity = context.identity;
  if (identity === undefined) return 'anonymous visitor';
  const parts = [identity.name, identity.email, `id ${identity.userId}`].filter((part) => part !== undefined);
  return `${parts.join(', ')} (${context.identityVerified ? 'verified' : 'not verified'})`;
}

/** Attributes with whether an agent may trust them: only a verified identity's attributes are verified. */
export function describeAttributes(context: HandoffContext): ContextFact[] {
  const attributes = context.identity?.attributes ?? {};
  const marker = context.identityVerified ? '' : ' (unverified)';
  return Object.entries(attributes).map(([label, value]) => ({ label, value: `${String(value)}${marker}` }));
}

/** "0.2 → -0.4 → -0.8 (worsening)": the trend matters more to an agent than any single score. */
export function describeSentiment(trajectory: number[]): string {
  if (trajectory.length === 0) return 'unknown';
  const scores = trajectory.map((score) => (Math.round(score * 100) / 100).toString()).join(' → ');
  const first = trajectory[0] ?? 0;
  const last = trajectory[trajectory.length - 1] ?? 0;
  const trend =
    trajectory.length < 2
      ? ''
      : last - first <= -0.2
        ? ' (worsening)'
        : last - first >= 0.2
          ? ' (improving)'
          : ' (steady)';
  return `${scores}${trend}`;
}

export function speakerLabel(message: Message): string {
  switch (message.role) {
    case 'visitor':
      return 'Customer';
    case 'assistant':
      return 'Assistant';
    case 'agent':
      return message.author?.name ?? 'Agent';
    case 'system':
      return 'System';
  }
}

export function handoffTitle(context: HandoffContext): string {
  const who = context.identity?.name ?? context.identity?.email ?? 'a visitor';
  return `Handoff (${context.priority}): ${who}`;
}

/** Cuts text to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Only http(s) links are rendered as links; anything else (javascript:, data:) stays plain text. */
export function isSafeLink(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//i.test(url);
}
