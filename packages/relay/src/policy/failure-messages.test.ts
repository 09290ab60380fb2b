import { describe, expect, it } from 'vitest';
import { failureMessage, failureNoticeCode } from './failure-messages.ts';

describe('what the visitor reads when the assistant fails', () => {
  it('says what happened, warns against a cut-off answer, and always names the way to a person', () => {
    expect(failureMessage('overloaded', 'en')).toMatch(/overloaded.*Talk to a person/);
    expect(failureMessage('cut_off', 'en')).toMatch(/incomplete: please don't rely on it/);
    expect(failureMessage('timeout', 'pt-BR')).toMatch(/Falar com uma pessoa/);
    expect(failureMessage('rejected', 'ar')).toMatch(/التحدث إلى شخص/);
    expect(failureMessage(undefined, 'xx')).toMatch(/^Sorry, I couldn't finish that answer/);
  });

  it('gives each message a stable code, so the widget can word it in its own strings', () => {
    expect(failureNoticeCode('overloaded')).toBe('answer_busy');
    expect(failureNoticeCode('rate_limited')).toBe('answer_busy');
    expect(failureNoticeCode('timeout')).toBe('answer_timeout');
    expect(failureNoticeCode('cut_off')).toBe('answer_cut_off');
    expect(failureNoticeCode(undefined)).toBe('answer_failed');
  });
});
