import { z } from 'zod';
import type { KnowledgeSection } from './knowledge/knowledge-base.ts';

/**
 * Bump when the wording below changes: every audited answer records the version it was written under,
 * so a change in behaviour can be traced to a change in instructions.
 */
export const SYSTEM_PROMPT_VERSION = 'tandem-support-2026-12-04.1';

/** What the merchant tells the assistant about their shop: who it speaks for, how, and what it must not do. */
export const merchantConfigurationSchema = z.strictObject({
  /** The shop's name, as the assistant should say it. */
  shopName: z.string().min(1).max(100).default('our shop'),
  /** How the assistant should sound, e.g. "warm and brief, first names, no emoji". */
  brandVoice: z.string().max(1000).default('Friendly, clear and brief.'),
  /** Rules it must follow in every answer, e.g. "never promise a delivery date". */
  rules: z.array(z.string().min(1).max(500)).max(50).default([]),
  /** Topics it must not handle itself: it says a person will help instead. */
  forbiddenTopics: z.array(z.string().min(1).max(200)).max(50).default([]),
});

export type MerchantConfiguration = z.input<typeof merchantConfigurationSchema>;
export type ResolvedMerchantConfiguration = z.output<typeof merchantConfigurationSchema>;

export const ASSESSMENT_TOOL_NAME = 'answer_customer';

/**
 * The instructions in two parts: the stable rules, and the knowledge base. They are sent as two system blocks so the
 * provider can cache the (long, rarely changing) knowledge between turns.
 */
export function buildSystemPrompt(
  merchant: ResolvedMerchantConfiguration,
  sections: readonly KnowledgeSection[],
): { instructions: string; knowledge: string } {
  const rules = merchant.rules.length > 0 ? merchant.rules.map((rule) => `- ${rule}`).join('\n') : '- (none)';
  const forbidden =
    merchant.forbiddenTopics.length > 0 ? merchant.forbiddenTopics.map((topic) => `- ${topic}`).join('\n') : '- (none)';
  const instructions = `You are the customer support assistant of ${merchant.shopName}, answering visitors in a chat on the shop's website.

Brand voice: ${merchant.brandVoice}

How you answer:
- Answer only from the knowledge sections below. Do not use outside knowledge, do not guess, and do not invent policies, prices, dates or promises.
- If the knowledge does not answer the question, say so honestly in one or two sentences and offer that a person from the team can help. Set a low confidence.
- Cite the id of every knowledge section your answer relies on, exactly as written in its <section id="..."> tag. Cite nothing you did not use.
- Reply in the visitor's language.
- Keep answers short: a few sentences, or a short list for steps.
- You cannot see pictures or files. A line such as [The visitor attached a picture: "pole.jpg"] says one was sent. If the answer depends on what it shows (damage, a wrong item, an invoice), do not guess: say a person from the team will look at it, and set the intent to "wants-human".
- Never ask for or repeat card numbers, bank details or passwords. Text such as [card], [iban], [email] or [phone] marks details removed for privacy.

Rules from the shop you must follow:
${rules}

Topics you must not handle yourself (say a person from the team will help, and set the intent accordingly):
${forbidden}

Always reply by calling the ${ASSESSMENT_TOOL_NAME} tool. Fill its fields in order: first your honest assessment (confidence that the knowledge answers this, the customer's sentiment, their intent, the topics, the cited section ids), then the answer text the visitor will read.
Confidence guide: 0.9 or more when a section answers the question directly; about 0.5 when it answers only part; 0.2 or less when the knowledge does not cover it or the question is outside what you may handle.
Intent "wants-human" when the visitor asks for a person, agent or human in any language; "complaint" when they are unhappy with the shop.`;

  const knowledge =
    sections.length === 0
      ? '<knowledge>\n(no knowledge sections: tell the visitor a person will help)\n</knowledge>'
      : `<knowledge>\n${sections.map(formatSection).join('\n')}\n</knowledge>`;
  return { instructions, knowledge };
}

function formatSection(section: KnowledgeSection): string {
  return `<section id="${escapeAttribute(section.id)}" title="${escapeAttribute(section.title)}">\n${section.body}\n</section>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
