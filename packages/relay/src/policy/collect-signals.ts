import { hasVisibleText, type Identity, type Message } from '@tandem/protocol';
import { LRUCache } from 'lru-cache';
import type { AssistantAssessment } from '../assistant/assistant.ts';
import type { PolicyConfig } from './config.ts';
import { customerTier } from './signals/customer-tier.ts';
import { scoreFrustration } from './signals/frustration.ts';
import { detectHumanRequest } from './signals/human-request.ts';
import { detectLoop } from './signals/loops.ts';
import { createTopicMatcher } from './signals/sensitive-topics.ts';
import { isSmalltalk } from './signals/smalltalk.ts';
import type { EscalationSignals } from './signals.ts';

export interface SignalInput {
  /** The transcript so far, the newest visitor message last. */
  transcript: readonly Message[];
  locale?: string;
  identity?: Identity;
  identityVerified: boolean;
  /** Confidence of the assistant's earlier turns in this conversation, oldest first. */
  previousConfidences: readonly number[];
  /**
   * The visitor messages that count for loops, oldest first, the newest last. Default: all of the transcript's.
   * After a person hands back, earlier repeats are settled and should not count again.
   */
  loopMessages?: readonly string[];
  /** The assistant's assessment of this turn, once it has given one. */
  assessment?: AssistantAssessment;
}

export interface SignalCollector {
  collect(input: SignalInput): EscalationSignals;
}

/** Computes every signal for the newest visitor message; topic phrases are compiled once, here. */
export function createSignalCollector(config: PolicyConfig): SignalCollector {
  const topics = createTopicMatcher(config.topics);
  const frustration = memoizedFrustration(FRUSTRATION_SCORES_KEPT);
  return {
    collect(input) {
      const visitorTexts = input.transcript
        .filter((message) => message.role === 'visitor')
        .map((message) => message.text);
      const newest = visitorTexts.at(-1) ?? '';
      const newestMessage = input.transcript.findLast((message) => message.role === 'visitor');
      const attached = (newestMessage?.attachments?.length ?? 0) > 0;
      const confidences = input.assessment
        ? [...input.previousConfidences, input.assessment.confidence]
        : input.previousConfidences;
      return {
        // The trained frustration classifier, on the −1..1 scale the thresholds are written in.
        sentimentHistory: visitorTexts.map((text) => frustration(text, input.locale)),
        humanRequest: detectHumanRequest(newest),
        topics: topics.match(newest),
        customer: customerTier(input.identity, input.identityVerified, {
          attribute: config.vip.attribute,
          vipTiers: config.vip.tiers,
        }),
        loop: detectLoop(input.loopMessages ?? visitorTexts, confidences, {
          similarity: config.loop.similarity,
          lowConfidenceBelow: config.loop.lowConfidenceBelow,
        }),
        smalltalk: isSmalltalk(newest),
        attachment: { attached, textless: attached && !hasVisibleText(newest) },
        ...(input.assessment
          ? {
              assistant: {
                confidence: input.assessment.confidence,
                sentiment: input.assessment.sentiment,
                intent: input.assessment.intent,
                topics: input.assessment.topics,
              },
            }
          : {}),
      };
    },
  };
}

// --- internal ---

/**
 * How many scored messages each collector keeps. The sentiment history scores every visitor message of the
 * conversation on each turn, and a turn collects twice (before the model and at its assessment): kept scores make that
 * one classifier run per new message, so a turn's work before the model does not grow with the conversation.
 */
const FRUSTRATION_SCORES_KEPT = 2_000;

/** scoreFrustration's score, remembered for the `capacity` texts used most recently. */
function memoizedFrustration(capacity: number): (text: string, locale: string | undefined) => number {
  const scores = new LRUCache<string, number>({ max: capacity });
  return (text, locale) => {
    const key = `${locale ?? ''}\u0000${text}`;
    const known = scores.get(key);
    if (known !== undefined) return known;
    const score = scoreFrustration(text, locale ? { locale } : {}).score;
    scores.set(key, score);
    return score;
  };
}
