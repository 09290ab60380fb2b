import { backgroundSurprisal } from './background.ts';
import type { KnowledgeSection } from './knowledge-base.ts';
import { type ScopeFeatures, scopeConfidence } from './scope.ts';
import { tokenize } from './tokenize.ts';
import { cosine, meanVector, type WordVector, wordVector } from './word-vectors.ts';

export interface RetrievalMatch {
  section: KnowledgeSection;
  /** Okapi BM25 score, with words of like meaning counting in part; comparable only within one query. */
  score: number;
  /**
   * 0..1: how sure retrieval is that this section answers the question (see scope.ts); at 0.5 and above it does.
   * Low when the question's informative words, and words like them, are missing from the section or the knowledge.
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
// Two stems whose vectors are at least this close stand in for each other, in part ("parcel" for "box").
const SIMILAR_WORD_COSINE = 0.55;
// How much a word of like meaning counts, relative to the word itself, at cosine 1.
const SIMILAR_WORD_WEIGHT = 0.8;
// How much the closeness of the question's and the section's overall meaning lifts a section's score.
const MEANING_BOOST = 1;

interface IndexedSection {
  section: KnowledgeSection;
  termCounts: Map<string, number>;
  titleTerms: Set<string>;
  length: number;
  /** The section's overall meaning: its words' vectors weighted by how much each says. */
  meaning: WordVector | undefined;
  /** The heading's meaning: headings are written the way customers ask. */
  titleMeaning: WordVector | undefined;
}

/** A knowledge word close in meaning to a question word, and how much it counts for it (0..1). */
interface SimilarTerm {
  term: string;
  weight: number;
}

/** A BM25 index over knowledge sections, in which words of like meaning count in part. */
export class KnowledgeIndex {
  private readonly documents: IndexedSection[];
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;
  private readonly vocabulary: Array<readonly [string, WordVector]> = [];

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
      const meaning = meanVector(
        [...termCounts].map(([term, count]) => [wordVector(term), backgroundSurprisal(term) * Math.log(1 + count)]),
      );
      const titleMeaning = meanVector(titleTerms.map((term) => [wordVector(term), backgroundSurprisal(term)]));
      return { section, termCounts, titleTerms: new Set(titleTerms), length: terms.length, meaning, titleMeaning };
    });
    for (const term of this.documentFrequency.keys()) {
      const vector = wordVector(term);
      if (vector) this.vocabulary.push([term, vector]);
    }
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
    // knowledge never uses, nor any word like it ("timer", "cannabis"), is the strongest sign of another subject.
    const bits = new Map(queryTerms.map((term) => [term, backgroundSurprisal(term)]));
    const closeness = new Map(queryTerms.map((term) => [term, this.closeness(term)]));
    const similar = new Map(queryTerms.map((term) => [term, similarTerms(closeness.get(term))]));
    const totalBits = sumOf(queryTerms, (term) => bits.get(term) ?? 0);
    const unknownBits = sumOf(queryTerms, (term) =>
      this.documentFrequency.has(term) ? 0 : (bits.get(term) ?? 0) * (1 - bestWeight(similar.get(term))),
    );
    const questionMeaning = meanVector(queryTerms.map((term) => [wordVector(term), bits.get(term) ?? 0]));
    const scored: Array<{
      section: KnowledgeSection;
      score: number;
      coveredBits: number;
      strongest: number;
      titleCoverage: number;
      meaning: number;
      titleMeaning: number;
      alignment: number;
    }> = [];
    for (const document of this.documents) {
      let score = 0;
      let coveredBits = 0;
      let strongest = 0;
      let alignedBits = 0;
      for (const term of queryTerms) {
        // How close the section comes to each question word: the word itself, or its nearest word in meaning.
        let nearest = document.termCounts.has(term) ? 1 : 0;
        const termCloseness = closeness.get(term);
        if (nearest < 1 && termCloseness)
          for (const candidate of document.termCounts.keys())
            nearest = Math.max(nearest, termCloseness.get(candidate) ?? 0);
        alignedBits += (bits.get(term) ?? 0) * nearest;
        // The word itself, or else the knowledge word most like it that this section uses, counting in part.
        let match: SimilarTerm | undefined = document.termCounts.has(term) ? { term, weight: 1 } : undefined;
        if (!match) {
          for (const candidate of similar.get(term) ?? []) {
            if (document.termCounts.has(candidate.term) && candidate.weight > (match?.weight ?? 0)) match = candidate;
          }
        }
        if (!match) continue;
        const frequency = document.termCounts.get(match.term) ?? 0;
        const idf = this.idf(match.term);
        score +=
          (match.weight * idf * frequency * (K1 + 1)) /
          (frequency + K1 * (1 - B + (B * document.length) / this.averageLength));
        const termBits = (bits.get(term) ?? 0) * match.weight;
        coveredBits += termBits;
        strongest = Math.max(strongest, termBits);
      }
      if (score === 0) continue;
      // A question that names what a heading is about ("Where is my order?") belongs to that section.
      const titleCoverage = this.coverage(document.titleTerms, queryTerms, similar);
      const meaning =
        questionMeaning && document.meaning ? Math.max(0, cosine(questionMeaning, document.meaning)) : 0;
      score *= (1 + TITLE_MATCH_BOOST * titleCoverage) * (1 + MEANING_BOOST * meaning);
      const titleMeaning =
        questionMeaning && document.titleMeaning ? Math.max(0, cosine(questionMeaning, document.titleMeaning)) : 0;
      const alignment = totalBits > 0 ? alignedBits / totalBits : 0;
      scored.push({
        section: document.section,
        score,
        coveredBits,
        strongest,
        titleCoverage,
        meaning,
        titleMeaning,
        alignment,
      });
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
        meaning: match.meaning,
        titleMeaning: match.titleMeaning,
        alignment: match.alignment,
      };
      return { section: match.section, score: match.score, confidence: scopeConfidence(features), features };
    });
    // The calibrated model ranks as well as it decides: of two sections that share the question's words, the one
    // whose heading and text mean what the question asks comes first.
    matches.sort((left, right) => right.confidence - left.confidence || right.score - left.score);
    return matches.slice(0, limit);
  }

  /** Cosine of a question word with every knowledge word that has a vector. */
  private closeness(term: string): Map<string, number> {
    const vector = wordVector(term);
    const found = new Map<string, number>();
    if (!vector) return found;
    for (const [candidate, candidateVector] of this.vocabulary) found.set(candidate, cosine(vector, candidateVector));
    return found;
  }

  /** Share of the title's information that the query mentions, a word of like meaning counting in part. */
  private coverage(
    titleTerms: ReadonlySet<string>,
    queryTerms: readonly string[],
    similar: ReadonlyMap<string, readonly SimilarTerm[]>,
  ): number {
    let total = 0;
    let covered = 0;
    for (const term of titleTerms) {
      const information = backgroundSurprisal(term);
      total += information;
      if (queryTerms.includes(term)) covered += information;
      else {
        let weight = 0;
        for (const candidates of similar.values())
          for (const candidate of candidates) if (candidate.term === term) weight = Math.max(weight, candidate.weight);
        covered += information * weight;
      }
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

function sumOf<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((sum, item) => sum + value(item), 0);
}

function bestWeight(terms: readonly SimilarTerm[] | undefined): number {
  return (terms ?? []).reduce((best, candidate) => Math.max(best, candidate.weight), 0);
}

/** Knowledge words close in meaning to a question word, and how much each counts for it. */
function similarTerms(closeness: ReadonlyMap<string, number> | undefined): SimilarTerm[] {
  const found: SimilarTerm[] = [];
  for (const [term, similarity] of closeness ?? []) {
    if (similarity < SIMILAR_WORD_COSINE || similarity >= 0.9999) continue;
    found.push({ term, weight: (SIMILAR_WORD_WEIGHT * (similarity - SIMILAR_WORD_COSINE)) / (1 - SIMILAR_WORD_COSINE) });
  }
  return found;
}
