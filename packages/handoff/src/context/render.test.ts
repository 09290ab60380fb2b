import { describe, expect, it } from 'vitest';
import { message, sampleContext } from '../../test/fakes/fixtures.ts';
import { describeReason, describeSentiment } from './describe.ts';
import { renderContextHtml } from './html.ts';
import { renderContextJson } from './json.ts';
import { renderContextSlack, renderMessageSlack, SLACK_LIMITS } from './slack-blocks.ts';
import { renderContextText } from './text.ts';

describe('the context packet', () => {
  it('gives the agent every part of the packet in plain text', () => {
    const text = renderContextText(sampleContext());
    for (const part of [
      'Parcel #4411 is two weeks late',
      'Priority: high',
      'Escalation reasons: customer upset (negative_sentiment), sensitive topic: refund (topic:refund)',
      'Ada Lovelace, ada@example.com, id u_1001 (verified)',
      'Tier: vip',
      'Locale: en-GB',
      'Page: https://shop.example/orders/4411',
      'Sentiment: -0.1 → -0.4 → -0.8 (worsening)',
      '- plan: gold',
      'I have refunded order #4411 in full',
      'Customer: That link has said "in transit" for 10 days. I want a refund <now>!',
      'Assistant: It is in transit',
      'Open the conversation: https://support.example/inbox/c_7f3a9',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('marks attributes of an unverified identity as unverified', () => {
    const text = renderContextText(sampleContext({ identityVerified: false }));
    expect(text).toContain('(not verified)');
    expect(text).toContain('- plan: gold (unverified)');
  });

  it('escapes customer text in HTML so it never becomes markup', () => {
    const html = renderContextHtml(
      sampleContext({ summary: '<script>alert(1)</script>', conversationUrl: 'javascript:alert(1)' }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('I want a refund &lt;now&gt;!');
    expect(html).not.toContain('href="javascript:');
  });

  it('keeps HTML under its size cap by leaving out the oldest messages, and says so', () => {
    const transcript = Array.from({ length: 200 }, (_, index) =>
      message(`m${index}`, 'visitor', `message number ${index} ${'x'.repeat(1000)}`),
    );
    const html = renderContextHtml(sampleContext({ transcript }), { maxLength: 60_000 });
    expect(html.length).toBeLessThanOrEqual(60_000);
    expect(html).toContain('message number 199');
    expect(html).not.toContain('message number 0 ');
    expect(html).toMatch(/<em>\d+ earlier message\(s\) not shown here\.<\/em>/);
    expect(renderContextHtml(sampleContext())).not.toContain('not shown here');
  });

  it('renders the page and conversation links as links in HTML', () => {
    const html = renderContextHtml(sampleContext());
    expect(html).toContain('<a href="https://shop.example/orders/4411">');
    expect(html).toContain('<a href="https://support.example/inbox/c_7f3a9">Open the conversation</a>');
  });

  it('describes the sentiment trend, not only the scores', () => {
    expect(describeSentiment([])).toBe('unknown');
    expect(describeSentiment([0.5])).toBe('0.5');
    expect(describeSentiment([-0.6, 0.1])).toBe('-0.6 → 0.1 (improving)');
    expect(describeSentiment([0.1, 0.05])).toBe('0.1 → 0.05 (steady)');
  });

  it('keeps the structured packet in the webhook JSON beside ready-made text', () => {
    const json = renderContextJson(sampleContext());
    expect(json.reasons).toEqual(['negative_sentiment', 'topic:refund']);
    expect(json.sentimentDescription).toBe('-0.1 → -0.4 → -0.8 (worsening)');
    expect(json.text).toContain('Summary');
  });
});

describe('the Slack Block Kit message', () => {
  it('escapes Slack control characters in customer text', () => {
    const { blocks } = renderContextSlack(sampleContext());
    const serialized = JSON.stringify(blocks);
    expect(serialized).toContain('I want a refund &lt;now&gt;!');
    expect(serialized).toContain('<https://support.example/inbox/c_7f3a9|Open the conversation>');
  });

  it('stays within Block Kit limits for a very long conversation, keeping the latest messages', () => {
    const transcript = Array.from({ length: 400 }, (_, index) =>
      message(`m${index}`, index % 2 === 0 ? 'visitor' : 'assistant', `message number ${index} ${'x'.repeat(900)}`),
    );
    const { blocks, text } = renderContextSlack(sampleContext({ transcript, summary: 's'.repeat(5000) }));
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    for (const block of blocks) {
      const section = block as { text?: { text: string }; fields?: { text: string }[] };
      if (section.text) expect(section.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      for (const field of section.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    const serialized = JSON.stringify(blocks);
    expect(serialized).toContain('message number 399');
    expect(serialized).not.toContain('message number 0 ');
    expect(serialized).toMatch(/\d+ earlier message\(s\) not shown here/);
  });

  it('splits a long visitor message over several sections instead of cutting it', () => {
    const long = `${'a'.repeat(2990)} <middle> ${'b'.repeat(1000)}`;
    const { blocks, text } = renderMessageSlack(message('m9', 'visitor', long));
    expect(blocks.length).toBe(2);
    const joined = blocks.map((block) => (block as { text: { text: string } }).text.text).join('');
    expect(joined).toBe(`*Customer:* ${long.replace('<middle>', '&lt;middle&gt;')}`);
    for (const block of blocks)
      expect((block as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text).toBe(`Customer: ${long}`);
  });

  it('never splits an escaped character between sections', () => {
    // "*Customer:* " is 12 characters, so the escape of "<" would straddle the 3,000-character boundary.
    const { blocks } = renderMessageSlack(message('m9', 'visitor', `${'a'.repeat(2986)}<${'b'.repeat(100)}`));
    const first = (blocks[0] as { text: { text: string } }).text.text;
    expect(first.endsWith('a')).toBe(true);
    expect((blocks[1] as { text: { text: string } }).text.text.startsWith('&lt;b')).toBe(true);
  });

  it('shows a short conversation whole, with no omission note', () => {
    const serialized = JSON.stringify(renderContextSlack(sampleContext()).blocks);
    expect(serialized).toContain('Where is my parcel #4411?');
    expect(serialized).not.toContain('not shown here');
  });
});

describe('escalation reasons as an agent reads them', () => {
  it('puts words before the code that routing rules and helpdesk searches match on', () => {
    expect(describeReason('negative_sentiment')).toBe('customer upset (negative_sentiment)');
    expect(describeReason('topic:legal')).toBe('sensitive topic: legal (topic:legal)');
    expect(describeReason('topic:lost_card')).toBe('sensitive topic: lost card (topic:lost_card)');
  });

  it("shows a code it has no words for as it is, so a custom adapter's reasons still reach the agent", () => {
    expect(describeReason('store_closed')).toBe('store_closed');
  });
});
