/**
 * Builds `packages/relay/src/assistant/knowledge/related-words.ts`: pairs of common word stems that WordNet puts in one
 * synset of each word's leading sense ("begin" and "start", "photograph" and "photo", "error" and "mistake"), so the
 * offline assistant can match a question word its knowledge never uses through a word of the same meaning that it does
 * use, at half the weight of the word itself.
 *
 * Source: WordNet 3.0 (Princeton University), under the WordNet 3.0 licence (permissive: use, copy, modify and
 * distribute, with the copyright notice and disclaimer on every copy, which the generated file carries). Debian
 * packages it:
 *
 *   apt-get install -y wordnet-base
 *   node --import tsx bench/eval/scope/build-related-words.ts [/usr/share/wordnet]
 *
 * Words are folded with the retrieval's own tokenizer (stopwords dropped, stems with synonyms merged); only stems of the
 * background table's common words (seen at least 2^MINIMUM_BAND times in SUBTLEX-US) are kept, on both sides. Two
 * words are related only through a synset among the first SENSES senses of both (WordNet orders senses by frequency),
 * since rare senses relate more wrong words than right ones ("jacket" is also a book's cover, "say" a state).
 * Tried on the tuning questions and not kept (docs/knowledge.md): two senses (93 KB), direct hypernyms (HYPERNYMS=1, a
 * kind of: fewer right answers), relations of words the knowledge already uses.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKGROUND_BANDS } from '../../../packages/relay/src/assistant/knowledge/background-frequencies.ts';
import { tokenize } from '../../../packages/relay/src/assistant/knowledge/tokenize.ts';

const MINIMUM_BAND = Number(process.env.MINIMUM_BAND ?? 8);
const SENSES = Number(process.env.SENSES ?? 1);
const HYPERNYMS = process.env.HYPERNYMS === '1';
const MUTUAL = process.env.MUTUAL !== '0';
const PARTS_OF_SPEECH = ['noun', 'verb', 'adj', 'adv'] as const;
const folder = process.argv[2] ?? '/usr/share/wordnet';
const LICENCE = `WordNet Release 3.0. This software and database is being provided to you, the LICENSEE, by Princeton
// University under the following license. By obtaining, using and/or copying this software and database, you agree
// that you have read, understood, and will comply with these terms and conditions.: Permission to use, copy, modify
// and distribute this software and database and its documentation for any purpose and without fee or royalty is
// hereby granted, provided that you agree to comply with the following copyright notice and statements, including the
// disclaimer, and that the same appear on ALL copies of the software, database and documentation, including
// modifications that you make for internal use or for distribution. WordNet 3.0 Copyright 2006 by Princeton
// University. All rights reserved. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
// REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES
// NO REPRESENTATIONS OR WARRANTIES OF MERCHANT- ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE
// LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
// OTHER RIGHTS. The name of Princeton University or Princeton may not be used in advertising or publicity pertaining
// to distribution of the software and/or database. Title to copyright in this software, database and any associated
// documentation shall at all times remain with Princeton University and LICENSEE agrees to preserve same.`;

const common = new Set(
  BACKGROUND_BANDS.filter(([band]) => band >= MINIMUM_BAND).flatMap(([, terms]) => terms.split(' ')),
);
/** The one stem our tokenizer makes of a WordNet lemma, or undefined for phrases, stopwords and rare words. */
function termOf(lemma: string): string | undefined {
  if (lemma.includes('_')) return undefined;
  const terms = tokenize(lemma.replace(/\(.*\)$/, ''));
  const [term] = terms;
  return terms.length === 1 && term !== undefined && common.has(term) ? term : undefined;
}

interface Synset {
  words: string[];
  hypernyms: string[];
}
const related = new Map<string, Set<string>>();
const relate = (left: string, right: string) => {
  if (left === right) return;
  const [first, second] = left < right ? [left, right] : [right, left];
  const set = related.get(first) ?? new Set<string>();
  set.add(second);
  related.set(first, set);
};
for (const pos of PARTS_OF_SPEECH) {
  const synsets = new Map<string, Synset>();
  for (const line of readFileSync(join(folder, `data.${pos}`), 'latin1').split('\n')) {
    if (line.startsWith('  ') || line.trim() === '') continue;
    const fields = line.split(' | ')[0]?.split(' ') ?? [];
    const offset = fields[0] ?? '';
    const wordCount = Number.parseInt(fields[3] ?? '0', 16);
    const words = Array.from({ length: wordCount }, (_, index) => fields[4 + index * 2] ?? '');
    let at = 4 + wordCount * 2;
    const pointerCount = Number(fields[at]);
    at++;
    const hypernyms: string[] = [];
    for (let pointer = 0; pointer < pointerCount; pointer++, at += 4) {
      if (fields[at] === '@' || (pos === 'adj' && fields[at] === '&')) hypernyms.push(fields[at + 1] ?? '');
    }
    synsets.set(offset, { words, hypernyms });
  }
  // Each word's leading senses: a pair of words is related only through a synset that leads for both ("bill" the
  // invoice and "bill" the beak share nothing with each other's synonyms).
  const leading = new Map<string, string[]>();
  for (const line of readFileSync(join(folder, `index.${pos}`), 'latin1').split('\n')) {
    if (line.startsWith('  ') || line.trim() === '') continue;
    const fields = line.trim().split(' ');
    const senseCount = Number(fields[2]);
    leading.set(fields[0] ?? '', fields.slice(fields.length - senseCount).slice(0, SENSES));
  }
  const leads = (lemma: string, offset: string) =>
    !MUTUAL || (leading.get(lemma.toLowerCase().replace(/\(.*\)$/, '')) ?? []).includes(offset);
  for (const [lemma, offsets] of leading) {
    const term = termOf(lemma);
    if (term === undefined) continue;
    for (const offset of offsets) {
      const synset = synsets.get(offset);
      if (!synset) continue;
      const neighbours = synset.words.filter((word) => leads(word, offset));
      if (HYPERNYMS) for (const hypernym of synset.hypernyms) neighbours.push(...(synsets.get(hypernym)?.words ?? []));
      for (const neighbour of neighbours) {
        const other = termOf(neighbour);
        if (other !== undefined) relate(term, other);
      }
    }
  }
}
const lines = [...related.entries()]
  .sort(([left], [right]) => (left < right ? -1 : 1))
  .map(([term, others]) => [term, ...[...others].sort()].join(' '));
const target = fileURLToPath(
  new URL('../../../packages/relay/src/assistant/knowledge/related-words.ts', import.meta.url),
);
writeFileSync(
  target,
  `// Generated by bench/eval/scope/build-related-words.ts from WordNet 3.0 (synonyms in ${SENSES === 1 ? 'the leading sense' : `the first ${SENSES} senses`}
// of both words${HYPERNYMS ? ', direct hypernyms' : ''}; words seen at least 2^${MINIMUM_BAND} times in SUBTLEX-US). Do not edit by hand.
//
// ${LICENCE}

/** Groups of related stems, one group a line: a stem, then the stems related to it (the relation goes both ways). */
export const RELATED_WORDS = \`${lines.join('\n')}\`;
`,
);
const pairs = lines.reduce((sum, line) => sum + line.split(' ').length - 1, 0);
console.log(`${related.size} stems, ${pairs} pairs, ${readFileSync(target).length} bytes, ${target}`);
