import { describe, expect, it } from 'vitest';
import { handoffMessage, handoffNoticeCode, unavailableMessage } from './handoff-messages.ts';

describe('what the visitor reads at a handoff', () => {
  it('answers a request for a person plainly, and an upset visitor with an apology, in their language', () => {
    expect(handoffMessage(['human_requested', 'vip'], 'en')).toMatch(/^Of course/);
    expect(handoffMessage(['negative_sentiment'], 'en')).toMatch(/^I'm sorry about this/);
    expect(handoffMessage(['low_confidence'], 'de-AT')).toMatch(/nicht sicher genug/);
    expect(handoffMessage(['low_confidence'], 'xx')).toMatch(/not sure enough/);
  });

  it('gives each message a stable code, so the widget can word it in its own strings', () => {
    expect(handoffNoticeCode(['human_requested', 'vip'])).toBe('human_requested');
    expect(handoffNoticeCode(['negative_sentiment'])).toBe('handoff_upset');
    expect(handoffNoticeCode(['low_confidence'])).toBe('handoff_unsure');
  });

  it('says when the team is back, in the team time zone, or leaves the time out', () => {
    // Intl's exact spacing differs between ICU versions, so the shape is checked rather than every byte.
    expect(unavailableMessage('en', '2026-11-30T08:00:00.000Z', 'Europe/Stockholm')).toMatch(
      /^A person from our team should help with this, but nobody is available right now\. We are back Monday\W+09:00\W+AM\W+GMT\+1\. Leave your email address/,
    );
    expect(unavailableMessage('sv', undefined, undefined)).toBe(
      'En person från vårt team borde hjälpa dig med detta, men ingen är tillgänglig just nu. Lämna din e-postadress så svarar vi så snart vi kan.',
    );
  });
});
