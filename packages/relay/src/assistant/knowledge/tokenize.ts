// Words that say nothing about which section answers a question.
const STOPWORDS = new Set(
  `a about after again all am an and any are as at be been before being but by can could did do does doing
  for from get got had has have having he her here hers him his how i if in into is it its just me might
  more most my no nor not now of off on once only or other our ours out over own same she should so some
  such than that the their theirs them then there these they this those through to too under until up very
  was we were what when where which while who whom why will with would you your yours yourself please hi
  hello hey thanks thank want wanted need know tell much many long way able also still yet`.split(/\s+/),
);

/** Lower-cased, accent-folded word stems without stopwords: the terms retrieval compares. */
export function tokenize(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  if (!words) return [];
  const terms: string[] = [];
  for (const word of words) {
    if (STOPWORDS.has(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

/** A deliberately light suffix stripper: enough to match "returns"/"returned"/"returning" to "return". */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  for (const [suffix, replacement] of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return word.slice(0, -suffix.length) + replacement;
    }
  }
  return word;
}

const SUFFIXES: Array<[string, string]> = [
  ['ies', 'y'],
  ['ing', ''],
  ['ed', ''],
  ['es', ''],
  ['s', ''],
];
