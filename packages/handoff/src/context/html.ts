import type { Message } from '@tandem/protocol';
import type { HandoffContext } from '../handoff-context.ts';
import { messageTextWithAttachments } from '../internal/attachments.ts';
import { contextFacts, describeAttributes, handoffTitle, isSafeLink, speakerLabel } from './describe.ts';

/**
 * The context packet as HTML for email bodies and Zendesk `html_body` comments. Every value is escaped:
 * a transcript is customer input and must never become markup in an agent's mail client or helpdesk.
 * Styles are inline because mail clients drop <style> blocks.
 */
/**
 * Helpdesks and mail clients cap a body's size (Gmail clips messages over ~100 KB); beyond `maxLength`
 * characters the oldest transcript messages give way, with a note, as in Slack.
 */
export const DEFAULT_HTML_MAX_LENGTH = 60_000;

export function renderContextHtml(context: HandoffContext, options: { maxLength?: number } = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_HTML_MAX_LENGTH;
  const facts = contextFacts(context)
    .map(
      (fact) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(fact.label)}</th><td>${linkOrText(fact.value)}</td></tr>`,
    )
    .join('');
  const attributes = describeAttributes(context);
  const attributeList =
    attributes.length === 0
      ? ''
      : `<h3>Attributes</h3><ul>${attributes.map((item) => `<li><strong>${escapeHtml(item.label)}</strong>: ${escapeHtml(item.value)}</li>`).join('')}</ul>`;
  const suggested =
    context.suggestedReply === undefined
      ? ''
      : `<h3>Suggested reply</h3><blockquote style="border-left:3px solid #ccc;margin:0;padding-left:8px">${paragraphs(context.suggestedReply)}</blockquote>`;
  const link = isSafeLink(context.conversationUrl)
    ? `<p><a href="${escapeHtml(context.conversationUrl)}">Open the conversation</a></p>`
    : '';
  const head = [
    `<h2>${escapeHtml(handoffTitle(context))}</h2>`,
    `<h3>Summary</h3>${paragraphs(context.summary)}`,
    `<table>${facts}</table>`,
    attributeList,
    suggested,
    `<h3>Transcript (${context.transcript.length} messages)</h3>`,
  ].join('\n');
  const messages = context.transcript.map(renderMessageHtml);
  let budget = maxLength - head.length - link.length - 200;
  let kept = 0;
  for (let index = messages.length - 1; index >= 0 && budget - (messages[index]?.length ?? 0) >= 0; index--) {
    budget -= messages[index]?.length ?? 0;
    kept++;
  }
  const omitted = messages.length - kept;
  const note = omitted === 0 ? '' : `<p><em>${omitted} earlier message(s) not shown here.</em></p>`;
  return [head, note + messages.slice(omitted).join(''), link].join('\n');
}

export function renderMessageHtml(message: Message): string {
  return `<p><strong>${escapeHtml(speakerLabel(message))}</strong> <small>${escapeHtml(message.createdAt)}</small><br>${escapeHtml(messageTextWithAttachments(message)).replace(/\n/g, '<br>')}</p>`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// --- internal ---

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function linkOrText(value: string): string {
  return isSafeLink(value) ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value);
}
