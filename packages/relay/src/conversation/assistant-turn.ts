import type { Citation, ConversationEvent, Message } from '@tandem/protocol';
import type { Assistant, AssistantAssessment } from '../assistant/assistant.ts';
import { AssistantError } from '../assistant/errors.ts';
import type { AnswerEntry } from '../audit/audit-log.ts';
import type { EscalationDecision } from '../policy/decide.ts';
import { failureMessage, failureNoticeCode } from '../policy/failure-messages.ts';
import {
  appendSystemMessage,
  confidencesSoFar,
  decideAndRecord,
  handOff,
  type TurnEscalation,
} from '../policy/turn-escalation.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';
import { DeltaWriter } from './delta-writer.ts';
import { startedNow, TypingIndicator } from './typing-indicator.ts';

export interface AssistantTurnInput {
  store: ConversationStore;
  assistant: Assistant;
  conversation: ConversationRecord;
  /** The conversation's log when the caller has it already (the store handed it back with the message). */
  events?: readonly ConversationEvent[];
  /** Without it the turn only answers, as an embedded assistant without a policy would. */
  escalation?: TurnEscalation;
}

/** The English message after a failed answer; `failureMessage()` gives it per error and language. */
export const ANSWER_FAILED_TEXT = failureMessage(undefined, 'en');

/**
 * One assistant turn for the newest visitor message. With escalation, local signals are checked first (an angry
 * "third time, I want a refund NOW" goes to a person before the assistant is asked), then the assistant's
 * assessment is checked before any of its text is forwarded (an unsure answer is never shown). Every decision
 * and answer goes to the audit log. A failed answer is never shown as complete: the visitor is told plainly and
 * offered a person.
 */
export async function runAssistantTurn({
  store,
  assistant,
  conversation,
  events: knownEvents,
  escalation,
}: AssistantTurnInput): Promise<AnswerEntry['latencyMs'] | undefined> {
  const { id: conversationId } = conversation;
  const clock = escalation?.now ?? (() => new Date());
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const policy = escalation?.policy;
  // Two independent reads, each a round trip when the store or audit log is a network hop away. The past answers'
  // confidences feed the policy's loop signal only: without a policy the model is asked once the transcript is in hand.
  const [events, previousConfidences] = await Promise.all([
    knownEvents ?? store.readEvents(conversationId, 0),
    escalation && policy ? confidencesSoFar(escalation.audit, conversationId) : [],
  ]);
  const transcript = events.flatMap((event) => (event.type === 'message' ? [event.message] : []));
  const loopMessages = visitorTextsSinceAssistantTookOver(events);
  const question = [...transcript].reverse().find((message) => message.role === 'visitor')?.text ?? '';
  const collect = (assessment?: AssistantAssessment) =>
    escalation?.signals.collect({
      transcript,
      identityVerified: conversation.identityVerified,
      previousConfidences,
      loopMessages,
      ...(conversation.locale ? { locale: conversation.locale } : {}),
      ...(conversation.identity ? { identity: conversation.identity } : {}),
      ...(assessment ? { assessment } : {}),
    });

  // With a policy, the local signals decide before the assistant is asked. Without one they only score the
  // question for the audit log, once the first word is on its way (see `scoreForAudit`).
  const localSignals = policy ? collect() : undefined;
  if (escalation && policy && localSignals) {
    const decision = await decideAndRecord(escalation, policy, conversation, 'before-assistant', localSignals, clock());
    if (decision.escalate) {
      await handOff(store, escalation, policy, conversation, decision, clock());
      return undefined;
    }
  }

  const controller = new AbortController();
  const messageId = crypto.randomUUID();
  let text = '';
  let shownCitations: Citation[] = [];
  let assessment: AssistantAssessment | undefined;
  let decision: EscalationDecision | undefined;
  let finished = false;
  let failure: { code: string; message: string } | undefined;
  const latency: AnswerEntry['latencyMs'] = { total: 0 };
  // Text that arrives before the assessment waits for the policy's decision.
  const held: string[] = [];

  // Only now: a conversation handed off by its local signals never shows the assistant typing. Appended once the model
  // has been asked (see `TypingIndicator`), so that on a synchronous store (SQLite) its commit overlaps the model's wait
  // instead of preceding the request. The first delta follows it in the log, and a store failing here fails the turn
  // below as before.
  const typing = new TypingIndicator(store, conversationId);
  const typingShown = typing.shown;
  const deltas = new DeltaWriter(store, conversationId, messageId, { after: typingShown });
  // Without a policy, the question's local sentiment for the audit entry is scored while the answer streams: a timer
  // set with the first word fires after that word has gone out (its append and SSE write take no timer), and in the
  // pauses of a model's stream the scoring costs nobody anything. Not before the model is asked (the first word would
  // wait), not while it thinks (the offline assistant thinks on this event loop), and not between the last word and
  // the stored answer, where the whole answer would wait. If the answer ends before the timer fires, it is scored
  // then; a failure in the timer is left to that second try, where it fails the turn as before.
  let auditSignals = localSignals;
  let scoring: ReturnType<typeof setTimeout> | undefined;
  const scoreForAudit = () => {
    try {
      auditSignals ??= collect();
    } catch {}
  };
  const forward = (delta: string) => {
    // The first word does not wait for the typing event's turn: it is appended now if it is not yet.
    typing.show();
    if (latency.firstText === undefined && escalation && !auditSignals) scoring = setTimeout(scoreForAudit, 0);
    latency.firstText ??= elapsed();
    text += delta;
    deltas.write(delta);
  };

  try {
    const parts = startedNow(
      assistant.respond({
        conversationId,
        messages: transcript,
        signal: controller.signal,
        ...(conversation.locale ? { locale: conversation.locale } : {}),
      }),
    );
    typing.showAfterThisTask();
    for await (const part of parts) {
      if (part.type === 'assessment') {
        latency.assessment ??= elapsed();
        assessment = part.assessment;
        // Scored only for a policy to decide on: between the assessment and the answer's first word, the classifier
        // would hold up the stream for nothing.
        const signals = policy ? collect(part.assessment) : undefined;
        if (escalation && policy && signals) {
          decision = await decideAndRecord(escalation, policy, conversation, 'after-assessment', signals, clock());
          if (decision.escalate) break;
        }
        for (const delta of held.splice(0)) forward(delta);
      } else if (part.type === 'text-delta') {
        if (policy && !assessment) held.push(part.text);
        else forward(part.text);
      } else {
        shownCitations = part.citations ?? [];
        finished = true;
        break;
      }
    }
    await deltas.flush();
  } catch (error) {
    failure = AssistantError.isInstance(error)
      ? { code: error.code, message: error.message }
      : { code: 'internal', message: String(error) };
    console.error(JSON.stringify({ level: 'error', msg: 'assistant failed', conversationId, error: failure }));
  } finally {
    controller.abort();
  }
  // An assistant that failed, or was stopped, before the typing event's turn: the log still shows it before the turn's
  // closing events, as it always has.
  typing.show();
  await typingShown;
  // After a failed answer, pieces may still be on their way: they land before the turn's closing events.
  await deltas.flush().catch(() => {});
  await store.appendEvent(conversationId, { type: 'typing', role: 'assistant', typing: false });
  latency.total = elapsed();
  clearTimeout(scoring);

  const escalated = decision?.escalate === true;
  const answered = !escalated && failure === undefined && finished && text.trim().length > 0;
  if (escalation) {
    await escalation.audit.record({
      type: 'answer',
      at: clock().toISOString(),
      conversationId,
      messageId,
      assistant: assistant.name,
      model: assistant.model,
      ...(assistant.promptVersion ? { promptVersion: assistant.promptVersion } : {}),
      question: escalation.redact(question),
      answer: escalation.redact(text),
      citations: (assessment?.citations ?? []).map((citation) => citation.id),
      ...(assessment
        ? {
            confidence: assessment.confidence,
            sentiment: assessment.sentiment,
            intent: assessment.intent,
          }
        : {}),
      localSentiment: (auditSignals ?? collect())?.sentimentHistory.at(-1) ?? 0,
      topics: assessment?.topics ?? [],
      outcome: escalated ? 'escalated' : answered ? 'answered' : 'failed',
      escalate: escalated,
      reasons: decision?.reasons ?? [],
      latencyMs: latency,
      ...(failure ? { error: failure } : !answered && !escalated ? { error: incomplete(finished, assessment) } : {}),
    });
  }

  if (escalation && policy && decision?.escalate) {
    await handOff(store, escalation, policy, conversation, decision, clock());
  } else if (answered) {
    const message: Message = {
      id: messageId,
      role: 'assistant',
      text: text.trim(),
      createdAt: new Date().toISOString(),
      ...(shownCitations.length > 0 ? { citations: shownCitations } : {}),
    };
    await store.appendEvent(conversationId, { type: 'message', message });
  } else {
    await store.appendEvent(conversationId, {
      type: 'error',
      code: 'assistant_failed',
      message: 'The answer was cut off.',
      messageId,
    });
    await appendSystemMessage(store, conversationId, failureMessage(failure?.code, conversation.locale), {
      code: failureNoticeCode(failure?.code),
    });
  }
  return latency;
}

// --- internal ---

/** Visitor messages since the conversation last came (back) to the assistant: a person settled what came before. */
function visitorTextsSinceAssistantTookOver(events: readonly ConversationEvent[]): string[] {
  let start = 0;
  for (const [index, event] of events.entries()) if (event.type === 'mode' && event.mode === 'assistant') start = index;
  return events
    .slice(start)
    .flatMap((event) => (event.type === 'message' && event.message.role === 'visitor' ? [event.message.text] : []));
}

function incomplete(finished: boolean, assessment: AssistantAssessment | undefined) {
  if (!assessment) return { code: 'invalid_output', message: 'The assistant gave no assessment.' };
  if (!finished) return { code: 'cut_off', message: 'The answer ended before it was finished.' };
  return { code: 'empty', message: 'The answer was empty.' };
}
