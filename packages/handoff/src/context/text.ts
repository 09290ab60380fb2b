import type { Message } from '@tandem/protocol';
import type { HandoffContext } from '../handoff-context.ts';
import { messageTextWithAttachments } from '../internal/attachments.ts';
import { contextFacts, describeAttributes, handoffTitle, speakerLabel } from './describe.ts';

/** The context packet as plain text: the email's text part, and a fallback wherever markup is not rendered. */
export function renderContextText(context: HandoffContext): string {
  const lines = [handoffTitle(context), '', 'Summary', context.summary, ''];
  for (const fact of contextFacts(context)) lines.push(`${fact.label}: ${fact.value}`);
  const attributes = describeAttributes(context);
  if (attributes.length > 0) {
    lines.push('', 'Attributes');
    for (const attribute of attributes) lines.push(`- ${attribute.label}: ${attribute.value}`);
  }
  if (context.suggestedReply !== undefined) lines.push('', 'Suggested reply', context.suggestedReply);
  lines.push('', `Transcript (${context.transcript.length} messages)`);
  for (const message of context.transcript) lines.push(renderMessageText(message));
  if (context.conversationUrl !== undefined) lines.push('', `Open the conversation: ${context.conversationUrl}`);
  return lines.join('\n');
}

export function renderMessageText(message: Message): string {
  return `[${message.createdAt}] ${speakerLabel(message)}: ${messageTextWithAttachments(message)}`;
}
