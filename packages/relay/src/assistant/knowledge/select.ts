import type { KnowledgeSection } from './knowledge-base.ts';
import type { KnowledgeIndex } from './retrieval.ts';

/** Characters a section takes in the prompt: its text plus the tag around it. */
export function promptSize(section: KnowledgeSection): number {
  return section.body.length + section.title.length + section.id.length + 40;
}

/**
 * The sections most relevant to a question that fit in a character budget, in their original order: for a knowledge
 * base too large to send whole with every question.
 */
export function selectSections(
  index: KnowledgeIndex,
  sections: readonly KnowledgeSection[],
  query: string,
  maxCharacters: number,
): KnowledgeSection[] {
  const chosen = new Set<string>();
  let used = 0;
  for (const match of index.search(query, sections.length)) {
    const size = promptSize(match.section);
    if (used + size > maxCharacters) continue;
    chosen.add(match.section.id);
    used += size;
  }
  return sections.filter((section) => chosen.has(section.id));
}
