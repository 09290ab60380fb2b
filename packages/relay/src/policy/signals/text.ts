/**
 * Text folding shared by every local signal, so lexicons and patterns are written once without accents
 * and still match what visitors type ("Mitarbeiter", "MITARBEITER", "hablár", "أريد" / "اريد").
 */

const ARABIC_FOLDS: Array<[RegExp, string]> = [
  [/[إأآٱ]/g, 'ا'],
  [/ى/g, 'ي'],
  [/ة/g, 'ه'],
  [/ؤ/g, 'و'],
  [/ئ/g, 'ي'],
  [/ـ/g, ''], // tatweel, a stretching stroke with no meaning
];

const LATIN_FOLDS: Array<[RegExp, string]> = [
  [/ß/g, 'ss'],
  [/ø/g, 'o'],
  [/æ/g, 'ae'],
  [/œ/g, 'oe'],
  [/[’‘`´]/g, "'"],
];

/** Lower case, accents and Arabic diacritics removed, Arabic letter variants unified. */
export function foldText(text: string): string {
  let folded = text.toLowerCase();
  for (const [pattern, replacement] of LATIN_FOLDS) folded = folded.replace(pattern, replacement);
  folded = folded.normalize('NFKD').replace(/\p{M}/gu, '');
  for (const [pattern, replacement] of ARABIC_FOLDS) folded = folded.replace(pattern, replacement);
  // English contractions carry the negation the scorers look for: "don't" -> "do not". "won't" and "can't" are
  // not their stem plus "n't" ("wo", "ca"), so they are spelled out first.
  return folded
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bshan't\b/g, 'shall not')
    .replace(/n't\b/g, ' not')
    .replace(/\bcannot\b/g, 'can not');
}

/** Folded words in order; apostrophes split words ("quelqu'un" -> "quelqu", "un"). */
export function words(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Folds one lexicon entry the same way as visitor text, so lists can be written with accents. */
export function foldWord(word: string): string {
  return words(word).join(' ');
}

const ARABIC_LETTER = /[\u0600-\u06ff]/;

// Arabic writes "and", "with", "to" and "the" joined to the next word: "بموظف" is "with an employee".
const ARABIC_CLITICS = ['وال', 'بال', 'فال', 'لل', 'ال', 'و', 'ف', 'ب', 'ل', 'وب', 'ول', 'فب'];

/** True when a visitor's word is `expected` (or starts with it, for a prefix), allowing Arabic's attached prefixes. */
export function wordMatches(actual: string, expected: string, prefix = false): boolean {
  return wordVariants(actual).some((variant) => (prefix ? variant.startsWith(expected) : variant === expected));
}

/** The word, and for Arabic the word without each attached prefix it may carry ("بالموظف" -> "موظف"). */
export function wordVariants(word: string): string[] {
  if (!ARABIC_LETTER.test(word)) return [word];
  const variants = [word];
  for (const clitic of ARABIC_CLITICS) {
    if (!word.startsWith(clitic) || word.length - clitic.length < 2) continue;
    const rest = word.slice(clitic.length);
    variants.push(rest);
    // "ال" after a clitic: "بالموظف".
    if (rest.startsWith('ال') && rest.length > 3) variants.push(rest.slice(2));
  }
  return variants;
}

/** The language part of a BCP 47 tag: "pt-BR" -> "pt". */
export function languageOf(locale: string | undefined): string | undefined {
  return locale?.split('-')[0]?.toLowerCase();
}
