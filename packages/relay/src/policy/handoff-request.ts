import type { Priority } from '@tandem/protocol';

/** Why and how urgently a person is asked for. */
export interface HandoffRequestInput {
  /** Machine-readable reasons, such as "visitor_request", "negative_sentiment", "vip". */
  reasons: string[];
  priority: Priority;
  /** The visitor pressed "talk to a person", or the escalation policy decided. */
  source: 'visitor' | 'policy';
  /** What the visitor wrote or chose, if anything. */
  note?: string | undefined;
  /** Sensitive topics found (ids such as "dispute"); the context packet lists them as "topic:<id>" reasons. */
  topics?: string[] | undefined;
}
