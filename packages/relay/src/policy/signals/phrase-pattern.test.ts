import { describe, expect, it } from 'vitest';
import { compilePhrase, findPhrase } from './phrase-pattern.ts';
import { words } from './text.ts';

function matches(pattern: string, text: string) {
  return findPhrase(compilePhrase(pattern), words(text)).length > 0;
}

describe('phrase patterns', () => {
  it('match words in order, ignoring case and accents', () => {
    expect(matches('hablar con', 'Quiero HABLÁR con alguien')).toBe(true);
    expect(matches('con hablar', 'Quiero hablar con alguien')).toBe(false);
  });

  it('offer alternatives, prefixes and a short gap', () => {
    expect(matches('talk|speak to .. human|person', 'can I speak to a real human')).toBe(true);
    expect(matches('refund*', 'I was refunded twice')).toBe(true);
    expect(matches('talk .. human', 'talk about my order and then maybe a human')).toBe(false);
  });

  it('find words inside compounds with a leading star', () => {
    expect(matches('mit .. *mitarbeiter', 'mit einem Servicemitarbeiter')).toBe(true);
    expect(matches('mit .. *mitarbeiter*', 'mit einer Kundendienstmitarbeiterin')).toBe(true);
    expect(matches('mit .. *mitarbeiter', 'mit einer Mitarbeiterin')).toBe(false);
  });

  it('see Arabic words through their attached prefixes', () => {
    expect(matches('موظف', 'أريد التحدث بالموظف')).toBe(true);
    expect(matches('أريد', 'اريد')).toBe(true);
  });

  it('forgive one mistyped or swapped letter in longer words when asked, never a change of length', () => {
    const pattern = compilePhrase('talk to .. human|agent|manager', { typos: true });
    const found = (text: string) => findPhrase(pattern, words(text)).length > 0;
    expect(found('talk to a humna')).toBe(true);
    expect(found('talk to an agnet')).toBe(true);
    expect(found('talk to a hunan')).toBe(true);
    expect(found('talk to a manage')).toBe(false);
    expect(found('talk to a hmuan')).toBe(true);
    expect(found('talk to a hxmxn')).toBe(false);
    expect(matches('talk to .. human', 'talk to a humna')).toBe(false);
  });

  it('refuses patterns it cannot read, naming them', () => {
    expect(() => compilePhrase('.. human')).toThrow(/must not start with/);
    expect(() => compilePhrase('talk ..')).toThrow(/must not end with/);
    expect(() => compilePhrase("quelqu'un")).toThrow(/not a single word/);
  });
});
