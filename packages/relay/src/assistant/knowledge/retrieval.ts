import type { KnowledgeSection } from './knowledge-base.ts';
import { tokenize } from './tokenize.ts';

export interface RetrievalMatch {
  section: KnowledgeSection;
  /** Okapi BM25 score; comparable only within one query. */
  score: number;
  /**
   * 0..1: the share of the question's information (its terms weighted by rarity) that the section
   * contains. A section that holds every rare word of the question scores near 1.
   */
  confidence: number;
}

const K1 = 1.2;
const B = 0.75;
// Headings say what a section is about, so their words count as if written several times.
const TITLE_WEIGHT = 3;
const TITLE_MATCH_BOOST = 1;
const UNKNOWN_TERM_WEIGHT = 0.3;

/** A BM25 index over knowledge sections. */
export class KnowledgeIndex {
  private readonly documents: Array<{
    section: KnowledgeSection;
    termCounts: Map<string, number>;
    titleTerms: Set<string>;
    length: number;
  }>;
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;

  constructor(sections: KnowledgeSection[]) {
    this.documents = sections.map((section) => {
      const titleTerms = tokenize(section.title);
      // The document's own title ("Order tracking") tells what every section in it is about, once.
      const terms = [
        ...repeat(titleTerms, TITLE_WEIGHT),
        ...tokenize(section.documentTitle ?? ''),
        ...tokenize(section.body),
      ];
      const termCounts = new Map<string, number>();
      for (const term of terms) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
      for (const term of termCounts.keys())
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      return { section, termCounts, titleTerms: new Set(titleTerms), length: terms.length };
    });
    const totalLength = this.documents.reduce((sum, document) => sum + document.length, 0);
    this.averageLength = this.documents.length > 0 ? totalLength / this.documents.length : 1;
  }

  get size(): number {
    return this.documents.length;
  }

  /** The best matching sections, best first. */
  search(query: string, limit = 3): RetrievalMatch[] {
    const queryTerms = [...new Set(tokenize(query))];
    if (queryTerms.length === 0 || this.documents.length === 0) return [];
    // Words the knowledge never uses still count against confidence, but less than words it does use:
    // "I returned my jacket" is still a returns question, "Do you sell bicycles?" is not.
    const totalInformation = queryTerms.reduce(
      (sum, term) => sum + this.informationOf(term) * (this.documentFrequency.has(term) ? 1 : UNKNOWN_TERM_WEIGHT),
      0,
    );
    const matches: RetrievalMatch[] = [];
    for (const document of this.documents) {
      let score = 0;
      let coveredInformation = 0;
      for (const term of queryTerms) {
        const frequency = document.termCounts.get(term);
        if (!frequency) continue;
        const idf = this.idf(term);
        score += (idf * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * document.length) / this.averageLength));
        coveredInformation += this.informationOf(term);
      }
      if (score === 0) continue;
      // A question that names what a heading is about ("Where is my order?") belongs to that section.
      const titleCoverage = this.coverage(document.titleTerms, queryTerms);
      score *= 1 + TITLE_MATCH_BOOST * titleCoverage;
      const confidence = Math.min(1, coveredInformation / totalInformation);
      matches.push({ section: document.section, score, confidence });
    }
    matches.sort((left, right) => right.score - left.score);
    return matches.slice(0, limit);
  }

  /** Share of the title's information that the query mentions. */
  private coverage(titleTerms: ReadonlySet<string>, queryTerms: readonly string[]): number {
    let total = 0;
    let covered = 0;
    for (const term of titleTerms) {
      const information = this.informationOf(term);
      total += information;
      if (queryTerms.includes(term)) covered += information;
    }
    return total > 0 ? covered / total : 0;
  }

  private idf(term: string): number {
    const n = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.documents.length - n + 0.5) / (n + 0.5));
  }

  /** How much a term tells: words unknown to the knowledge count fully, so off-topic questions score low. */
  private informationOf(term: string): number {
    const n = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.documents.length + 1) / (n + 0.5));
  }
}

function repeat<T>(items: T[], times: number): T[] {
  return Array.from({ length: times }, () => items).flat();
}
