import type { HandoffContext } from '../handoff-context.ts';
import { contextFacts, describeSentiment } from './describe.ts';
import { renderContextText } from './text.ts';

/**
 * The context packet for a generic webhook: the structured packet itself (so a receiver can map fields) plus
 * ready-made text for receivers that only show one string.
 */
export function renderContextJson(context: HandoffContext) {
  return {
    ...context,
    sentimentDescription: describeSentiment(context.sentimentTrajectory),
    facts: contextFacts(context),
    text: renderContextText(context),
  };
}
