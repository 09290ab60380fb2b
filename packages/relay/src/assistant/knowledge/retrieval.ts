import { backgroundSurprisal } from './background.ts';
import type { KnowledgeSection } from './knowledge-base.ts';
import { relatedTerms } from './related.ts';
import { type ScopeFeatures, scopeConfidence } from './scope.ts';
import { tokenize } from './tokenize.ts';

export interface RetrievalMatch {
  section: KnowledgeSection;
  /** Okapi BM25 score; comparable only within one query. Matches are ordered by confidence, not by this. */
  score: number;
  /**
   * 0..1: how sure retrieval is that this section answers the question (see scope.ts); at 0.5 and above it does.
   * Low when the question's informative words are missing from the section or unknown to the knowledge.
   */
  confidence: number;
  /** What the confidence was computed from, for calibration and for explaining a decision. */
  features: ScopeFeatures;
}

const K1 = 1.2;
const B = 0.75;
// Headings say what a section is about, so their words count as if written several times.
const TITLE_WEIGHT = 3;
const TITLE_MATCH_BOOST = 1;
// Bits of background information that make a word fully informative (a rare word such as "klarna" or "timer").
const STRONG_WORD_BITS = 20;
// Informative words in a long question.
const LONG_QUESTION_WORDS = 10;
// What a related word (WordNet: same meaning in the leading sense of both) is worth against the word itself.
const RELATED_WEIGHT = 0.5;

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
    // Every word is weighed by what it says in everyday English, not by its rarity in the knowledge: a word the
    // knowledge never uses ("timer", "cannabis") is the strongest sign that the question is about something else.
    const bits = new Map(queryTerms.map((term) => [term, backgroundSurprisal(term)]));
    const totalBits = queryTerms.reduce((sum, term) => sum + (bits.get(term) ?? 0), 0);
    // A question word the knowledge never uses, but a word of like meaning it does, is matched through that word.
    const related = new Map(
      queryTerms.map((term) => [
        term,
        this.documentFrequency.has(term)
          ? []
          : relatedTerms(term).filter((other) => this.documentFrequency.has(other) && !queryTerms.includes(other)),
      ]),
    );
    const unknownBits = queryTerms
      .filter((term) => !this.documentFrequency.has(term))
      .reduce(
        (sum, term) => sum + (bits.get(term) ?? 0) * ((related.get(term)?.length ?? 0) > 0 ? 1 - RELATED_WEIGHT : 1),
        0,
      );
    const scored: Array<{
      section: KnowledgeSection;
      score: number;
      coveredBits: number;
      strongest: number;
      titleCoverage: number;
    }> = [];
    for (const document of this.documents) {
      let score = 0;
      let coveredBits = 0;
      let strongest = 0;
      for (const term of queryTerms) {
        let weight = 1;
        let termScore = this.termScore(document, term);
        if (termScore === 0) {
          weight = RELATED_WEIGHT;
          for (const other of related.get(term) ?? []) termScore = Math.max(termScore, this.termScore(document, other));
        }
        if (termScore === 0) continue;
        score += weight * termScore;
        const termBits = weight * (bits.get(term) ?? 0);
        coveredBits += termBits;
        strongest = Math.max(strongest, termBits);
      }
      if (score === 0) continue;
      // A question that names what a heading is about ("Where is my order?") belongs to that section.
      const titleCoverage = this.coverage(document.titleTerms, queryTerms, related);
      score *= 1 + TITLE_MATCH_BOOST * titleCoverage;
      scored.push({ section: document.section, score, coveredBits, strongest, titleCoverage });
    }
    const [first, second] = [...scored].sort((left, right) => right.score - left.score);
    const informativeWords = queryTerms.filter((term) => (bits.get(term) ?? 0) >= STRONG_WORD_BITS / 2).length;
    const matches = scored.map((match) => {
      const rival = match === first ? second : first;
      const features: ScopeFeatures = {
        coverage: totalBits > 0 ? match.coveredBits / totalBits : 0,
        unknown: totalBits > 0 ? unknownBits / totalBits : 0,
        strongest: Math.min(1, match.strongest / STRONG_WORD_BITS),
        titleCoverage: match.titleCoverage,
        margin: rival === undefined ? 1 : Math.max(0, (match.score - rival.score) / match.score),
        relativeScore: first === undefined ? 0 : match.score / first.score,
        length: Math.min(1, informativeWords / LONG_QUESTION_WORDS),
      };
      return { section: match.section, score: match.score, confidence: scopeConfidence(features), features };
    });
    // The calibrated model ranks as well as it decides: of two sections that share the question's words, the one
    // that covers more of what the question says, and names it in its heading, comes first even at a lower score.
    matches.sort((left, right) => right.confidence - left.confidence || right.score - left.score);
    return matches.slice(0, limit);
  }

  /** Okapi BM25 contribution of one term to one section's score. */
  private termScore(document: { termCounts: Map<string, number>; length: number }, term: string): number {
    const frequency = document.termCounts.get(term);
    if (!frequency) return 0;
    return (
      (this.idf(term) * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * document.length) / this.averageLength))
    );
  }

  /** Share of the title's information that the query mentions (a word related to a title word counts in part). */
  private coverage(
    titleTerms: ReadonlySet<string>,
    queryTerms: readonly string[],
    related: ReadonlyMap<string, readonly string[]>,
  ): number {
    let total = 0;
    let covered = 0;
    for (const term of titleTerms) {
      const information = backgroundSurprisal(term);
      total += information;
      if (queryTerms.includes(term)) covered += information;
      else if (queryTerms.some((query) => related.get(query)?.includes(term))) covered += RELATED_WEIGHT * information;
    }
    return total > 0 ? covered / total : 0;
  }

  private idf(term: string): number {
    const n = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.documents.length - n + 0.5) / (n + 0.5));
  }
}

function repeat<T>(items: T[], times: number): T[] {
  return Array.from({ length: times }, () => items).flat();
}
