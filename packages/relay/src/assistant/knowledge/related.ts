import { RELATED_WORDS } from './related-words.ts';

let relations: Map<string, string[]> | undefined;

/**
 * Stems that WordNet puts in one synset with this one, in the leading sense of both ("begin" and "start", "error" and
 * "mistake"). Only common words are in the table; an empty list for the rest.
 */
export function relatedTerms(term: string): readonly string[] {
  if (relations === undefined) {
    relations = new Map();
    for (const line of RELATED_WORDS.split('\n')) {
      const [head, ...others] = line.split(' ');
      if (head === undefined) continue;
      for (const other of others) {
        relations.set(head, [...(relations.get(head) ?? []), other]);
        relations.set(other, [...(relations.get(other) ?? []), head]);
      }
    }
  }
  return relations.get(term) ?? [];
}
