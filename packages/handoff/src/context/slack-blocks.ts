import type { Message } from '@tandem/protocol';
import type { HandoffContext } from '../handoff-context.ts';
import { messageTextWithAttachments } from '../internal/attachments.ts';
import { contextFacts, describeAttributes, handoffTitle, isSafeLink, speakerLabel, truncate } from './describe.ts';

/** Block Kit limits (https://api.slack.com/reference/block-kit/blocks): the API refuses messages over them. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fields: 10,
} as const;

export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** Notification and screen-reader fallback; Slack shows it where blocks cannot be shown. */
  text: string;
  blocks: SlackBlock[];
}

/**
 * The context packet as Block Kit: header, summary, facts, attributes, suggested reply, then as much of the
 * transcript as fits. When the transcript does not fit in the block budget the most recent messages are kept
 * (what the customer said last matters most) and a note says how many earlier ones were left out.
 */
export function renderContextSlack(context: HandoffContext): SlackMessage {
  const head: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(handoffTitle(context), SLACK_LIMITS.headerText) } },
    section(`*Summary*\n${escapeMrkdwn(context.summary)}`),
    {
      type: 'section',
      fields: contextFacts(context)
        .slice(0, SLACK_LIMITS.fields)
        .map((fact) =>
          mrkdwn(truncate(`*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}`, SLACK_LIMITS.fieldText)),
        ),
    },
  ];
  const attributes = describeAttributes(context);
  if (attributes.length > 0) {
    head.push(
      section(
        `*Attributes*\n${attributes.map((item) => `• ${escapeMrkdwn(item.label)}: ${escapeMrkdwn(item.value)}`).join('\n')}`,
      ),
    );
  }
  if (context.suggestedReply !== undefined) {
    head.push(section(`*Suggested reply*\n${quote(escapeMrkdwn(context.suggestedReply))}`));
  }
  const tail: SlackBlock[] = [];
  if (isSafeLink(context.conversationUrl)) {
    tail.push({ type: 'context', elements: [mrkdwn(`<${context.conversationUrl}|Open the conversation>`)] });
  }
  tail.push({ type: 'context', elements: [mrkdwn('Reply in this thread to answer the customer.')] });

  const budget = SLACK_LIMITS.blocks - head.length - tail.length - 2; // divider + a possible "omitted" note
  const { blocks: transcript, omitted } = transcriptBlocks(context.transcript, budget);
  const omittedNote: SlackBlock[] =
    omitted > 0 ? [{ type: 'context', elements: [mrkdwn(`${omitted} earlier message(s) not shown here.`)] }] : [];
  return {
    text: truncate(`${handoffTitle(context)}: ${context.summary}`, SLACK_LIMITS.sectionText),
    blocks: [...head, { type: 'divider' }, ...omittedNote, ...transcript, ...tail],
  };
}

/** A later visitor message as a thread reply; a long one is split over several sections rather than cut. */
export function renderMessageSlack(message: Message): SlackMessage {
  const text = `*${escapeMrkdwn(speakerLabel(message))}:* ${escapeMrkdwn(messageTextWithAttachments(message))}`;
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length && chunks.length < SLACK_LIMITS.blocks) {
    let end = Math.min(start + SLACK_LIMITS.sectionText, text.length);
    // Never split an escape such as "&lt;" between two sections.
    const ampersand = text.lastIndexOf('&', end - 1);
    if (end < text.length && ampersand > end - 5 && !text.slice(ampersand, end).includes(';')) end = ampersand;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return { text: `${speakerLabel(message)}: ${messageTextWithAttachments(message)}`, blocks: chunks.map(section) };
}

/** Slack mrkdwn treats only &, < and > as control characters (https://api.slack.com/reference/surfaces/formatting). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// --- internal ---

function section(text: string): SlackBlock {
  return { type: 'section', text: mrkdwn(truncate(text, SLACK_LIMITS.sectionText)) };
}

function mrkdwn(text: string) {
  return { type: 'mrkdwn', text };
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** Packs messages into as few sections as possible, newest kept first when the budget runs out. */
function transcriptBlocks(transcript: Message[], budget: number): { blocks: SlackBlock[]; omitted: number } {
  const sections: string[] = [];
  let current = '';
  let kept = 0;
  for (let index = transcript.length - 1; index >= 0; index--) {
    const message = transcript[index];
    if (message === undefined) continue;
    const line = truncate(
      `*${escapeMrkdwn(speakerLabel(message))}:* ${escapeMrkdwn(messageTextWithAttachments(message))}`,
      SLACK_LIMITS.sectionText,
    );
    const joined = current === '' ? line : `${line}\n${current}`;
    if (joined.length <= SLACK_LIMITS.sectionText) {
      current = joined;
    } else {
      if (sections.length + 1 >= budget) break;
      sections.unshift(current);
      current = line;
    }
    kept++;
  }
  if (current !== '') sections.unshift(current);
  return {
    blocks: sections.map((text) => ({ type: 'section', text: mrkdwn(text) })),
    omitted: transcript.length - kept,
  };
}
