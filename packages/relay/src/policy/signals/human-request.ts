import { HUMAN_REQUEST_LEXICONS, type HumanRequestLexicon } from './human-request-lexicon.ts';
import { compilePhrase, findPhrase, type PhrasePattern, prepareText } from './phrase-pattern.ts';
import { foldWord, wordMatches, words, wordVariants } from './text.ts';

export interface HumanRequestSignal {
  /** True when the visitor asked, in so many words, to talk to a person. */
  requested: boolean;
  /** The words that made the request, folded (lower case, no accents), for the audit log. */
  phrase?: string;
  /** The language whose phrasing matched. */
  language?: string;
}

// How far back a "not"/"no need" reaches: "I really do not need to talk to a person".
const NEGATION_WINDOW = 5;
// A bare request is short: "Agent!", "a real person please", "موظف من فضلك".
const BARE_REQUEST_MAXIMUM_WORDS = 6;
const SENTENCE_BREAK = /[.!?¡¿\n؟]+/;

interface CompiledLexicon {
  language: string;
  requests: PhrasePattern[];
  negations: Set<string>;
  needs: string[];
}

const COMPILED = compileLexicons(HUMAN_REQUEST_LEXICONS);
const PEOPLE = new Set(Object.values(HUMAN_REQUEST_LEXICONS).flatMap((lexicon) => splitWords(lexicon.people)));
const FILLERS = new Set(Object.values(HUMAN_REQUEST_LEXICONS).flatMap((lexicon) => splitWords(lexicon.fillers)));

/**
 * Finds an explicit request for a person in any widget language (en, es, de, fr, sv, pt, ar), whatever
 * the widget's locale: visitors often write in another language than the page's.
 */
export function detectHumanRequest(text: string): HumanRequestSignal {
  const folded = words(text);
  if (folded.length === 0) return { requested: false };
  const prepared = prepareText(folded);
  for (const lexicon of COMPILED) {
    for (const pattern of lexicon.requests) {
      for (const match of findPhrase(pattern, prepared)) {
        if (isNegated(lexicon, folded, match.start)) continue;
        // "لا أحد يرد" (nobody answers) names nobody: the person word right after a negation is not a person.
        if (wordVariants(folded[match.end - 2] ?? '').some((variant) => lexicon.negations.has(variant))) continue;
        return { requested: true, phrase: folded.slice(match.start, match.end).join(' '), language: lexicon.language };
      }
    }
  }
  // "This bot isn't helping. Human please.": a bare request may be one sentence of several.
  for (const sentence of text.split(SENTENCE_BREAK)) {
    const sentenceWords = words(sentence);
    if (isBareRequest(sentenceWords)) return { requested: true, phrase: sentenceWords.join(' ') };
  }
  return { requested: false };
}

// --- internal ---

function isNegated(lexicon: CompiledLexicon, folded: readonly string[], start: number): boolean {
  const window = folded.slice(Math.max(0, start - NEGATION_WINDOW), start + 1);
  const negated = window.some((word) => lexicon.negations.has(word));
  // "why can't I talk to a person?" is still a request; "I don't need to talk to a person" is not.
  return negated && window.some((word) => lexicon.needs.some((need) => wordMatches(word, need)));
}

function isBareRequest(folded: readonly string[]): boolean {
  if (folded.length === 0 || folded.length > BARE_REQUEST_MAXIMUM_WORDS) return false;
  let person = false;
  for (const word of folded) {
    if (PEOPLE.has(word)) person = true;
    else if (!FILLERS.has(word)) return false;
  }
  return person;
}

function compileLexicons(lexicons: Record<string, HumanRequestLexicon>): CompiledLexicon[] {
  return Object.entries(lexicons).map(([language, lexicon]) => ({
    language,
    requests: lexicon.requests.map((request) => compilePhrase(request, { typos: true })),
    negations: new Set(lexicon.negations.map(foldWord)),
    needs: lexicon.needs.map(foldWord),
  }));
}

function splitWords(entries: readonly string[]): string[] {
  return entries.flatMap((entry) => entry.split('|')).map((word) => foldWord(word.replace(/^\*|\*$/g, '')));
}
