import { describeSentiment, truncate } from '../context/describe.ts';
import { renderContextHtml } from '../context/html.ts';
import type { HandoffContext } from '../handoff-context.ts';
import type { ResolvedZendeskOptions, ZendeskCustomField } from './options.ts';

/** `tandem:<key>`: how a retried open finds the ticket an earlier attempt created. */
export function externalIdFor(idempotencyKey: string): string {
  return `tandem:${idempotencyKey}`;
}

/** The body of POST /api/v2/tickets (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket). */
export function ticketBody(
  context: HandoffContext,
  options: ResolvedZendeskOptions,
  idempotencyKey: string,
  route: string | undefined,
) {
  const identity = context.identity;
  const requester: Record<string, string> = {
    name: identity?.name ?? identity?.email ?? `Website visitor ${context.conversationId}`,
  };
  if (identity?.email !== undefined) requester.email = identity.email;
  // A routing rule names a Zendesk group as "group:360001" (or just the number).
  const groupMatch = route === undefined ? null : /^(?:group:)?(\d+)$/.exec(route);
  if (route !== undefined && groupMatch === null)
    throw new Error(`route "${route}" is not a Zendesk group ("group:<id>")`);
  const groupId = groupMatch?.[1] === undefined ? undefined : Number(groupMatch[1]);
  return {
    ticket: {
      subject: truncate(`Chat handoff: ${firstLine(context.summary)}`, 150),
      comment: { html_body: renderContextHtml(context), public: options.contextCommentPublic },
      requester,
      priority: options.priorityMap[context.priority] ?? context.priority,
      tags: ticketTags(context, options.tags),
      external_id: externalIdFor(idempotencyKey),
      ...(groupId === undefined ? {} : { group_id: groupId }),
      ...(options.customFields.length === 0 ? {} : { custom_fields: customFieldValues(context, options.customFields) }),
    },
  };
}

/** Zendesk tags are lowercase words without spaces; escalation reasons become `escalation_<reason>`. */
export function ticketTags(context: HandoffContext, baseTags: string[]): string[] {
  const tags = [...baseTags, ...context.reasons.map((reason) => `escalation_${tagWord(reason)}`)];
  if (context.tier !== undefined) tags.push(`tier_${tagWord(context.tier)}`);
  return [...new Set(tags)];
}

// --- internal ---

function tagWord(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]+/g, '_');
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function customFieldValues(context: HandoffContext, fields: ZendeskCustomField[]) {
  return fields.flatMap((field) => {
    if ('value' in field) return [{ id: field.id, value: field.value }];
    const value = {
      conversationId: context.conversationId,
      conversationUrl: context.conversationUrl,
      tier: context.tier,
      locale: context.locale,
      pageUrl: context.pageUrl,
      userId: context.identity?.userId,
      sentiment: describeSentiment(context.sentimentTrajectory),
      priority: context.priority,
    }[field.from];
    return value === undefined ? [] : [{ id: field.id, value }];
  });
}
