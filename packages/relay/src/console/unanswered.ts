import { tokenize } from '../assistant/knowledge/tokenize.ts';
import type { AnswerEntry } from '../audit/audit-log.ts';

/** One question the assistant could not answer, as the audit log recorded it. */
export interface UnansweredQuestion {
  conversationId: string;
  at: string;
  question: string;
  confidence?: number;
  /** Why it counts as unanswered: 'failed', 'low_confidence' (the policy said so), or 'no_sources'. */
  why: 'failed' | 'low_confidence' | 'no_sources';
}

/** Questions alike enough to be answered by one piece of knowledge. */
export interface UnansweredGroup {
  /** The question nearest the group's centre, as the group's title. */
  representative: string;
  /** Every question of the group, newest first. */
  questions: UnansweredQuestion[];
  /** The terms the group shares most, as stems, strongest first. */
  terms: string[];
  /** A markdown section to paste into the knowledge folder and complete: "turn this into knowledge". */
  draft: string;
}

export interface GroupingOptions {
  /** Cosine similarity (TF-IDF) at or above which a question joins a group. Default 0.2. */
  similarity?: number;
  /** At most this many groups, the largest first. Default 20. */
  maxGroups?: number;
}

/**
 * The answers that left the visitor without one: the assistant failed, the policy found it unsure, or it answered
 * with a confidence below `threshold` and no cited knowledge.
 */
export function unansweredQuestions(entries: readonly AnswerEntry[], threshold = 0.5): UnansweredQuestion[] {
  const questions: UnansweredQuestion[] = [];
  for (const entry of entries) {
    const why = unansweredBecause(entry, threshold);
    if (why === undefined || entry.question.trim() === '') continue;
    questions.push({
      conversationId: entry.conversationId,
      at: entry.at,
      question: entry.question,
      why,
      ...(entry.confidence !== undefined ? { confidence: entry.confidence } : {}),
    });
  }
  return questions;
}

/**
 * Groups questions by TF-IDF cosine similarity over the retrieval's own terms (stems, synonyms merged), so
 * "where is my parcel" and "my package has not arrived" meet. Single-link: a question joins the first group
 * holding a question it is similar enough to; groups that a question bridges are merged. Largest groups first.
 */
export function groupUnanswered(
  questions: readonly UnansweredQuestion[],
  options: GroupingOptions = {},
): UnansweredGroup[] {
  const similarity = options.similarity ?? 0.2;
  const maxGroups = options.maxGroups ?? 20;
  const vectors = tfidfVectors(questions.map((question) => tokenize(question.question)));
  const parent = questions.map((_, index) => index);
  const root = (index: number): number => {
    let current = index;
    while (parent[current] !== current) current = parent[current] as number;
    return current;
  };
  for (let left = 0; left < questions.length; left += 1) {
    for (let right = left + 1; right < questions.length; right += 1) {
      if (cosine(vectors[left] as Vector, vectors[right] as Vector) >= similarity) parent[root(right)] = root(left);
    }
  }
  const members = new Map<number, number[]>();
  for (let index = 0; index < questions.length; index += 1) {
    const group = members.get(root(index)) ?? [];
    group.push(index);
    members.set(root(index), group);
  }
  return [...members.values()]
    .sort(
      (left, right) => right.length - left.length || newest(questions, right).localeCompare(newest(questions, left)),
    )
    .slice(0, maxGroups)
    .map((indexes) =>
      describeGroup(
        indexes.map((index) => questions[index] as UnansweredQuestion),
        indexes.map((index) => vectors[index] as Vector),
      ),
    );
}

// --- internal ---

type Vector = Map<string, number>;

function unansweredBecause(entry: AnswerEntry, threshold: number): UnansweredQuestion['why'] | undefined {
  if (entry.outcome === 'failed') return 'failed';
  if (entry.reasons.includes('low_confidence') || entry.reasons.includes('low_confidence_streak'))
    return 'low_confidence';
  if (entry.confidence !== undefined && entry.confidence < threshold && entry.citations.length === 0)
    return 'no_sources';
  return undefined;
}

function tfidfVectors(documents: readonly string[][]): Vector[] {
  const documentFrequency = new Map<string, number>();
  for (const terms of documents) {
    for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  return documents.map((terms) => {
    const vector: Vector = new Map();
    for (const term of terms) vector.set(term, (vector.get(term) ?? 0) + 1);
    for (const [term, count] of vector) {
      // Smoothed idf, so a term every question shares still weighs a little and two-question sets still group.
      vector.set(term, count * (1 + Math.log((1 + documents.length) / (1 + (documentFrequency.get(term) ?? 0)))));
    }
    return vector;
  });
}

function cosine(left: Vector, right: Vector): number {
  let dot = 0;
  for (const [term, weight] of left) dot += weight * (right.get(term) ?? 0);
  const norm = Math.sqrt(sumOfSquares(left)) * Math.sqrt(sumOfSquares(right));
  return norm === 0 ? 0 : dot / norm;
}

function sumOfSquares(vector: Vector): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return sum;
}

function newest(questions: readonly UnansweredQuestion[], indexes: number[]): string {
  return (
    indexes
      .map((index) => questions[index]?.at ?? '')
      .sort()
      .at(-1) ?? ''
  );
}

function describeGroup(questions: UnansweredQuestion[], vectors: Vector[]): UnansweredGroup {
  const centre: Vector = new Map();
  for (const vector of vectors) {
    for (const [term, weight] of vector) centre.set(term, (centre.get(term) ?? 0) + weight);
  }
  let best = 0;
  for (let index = 1; index < vectors.length; index += 1) {
    if (cosine(vectors[index] as Vector, centre) > cosine(vectors[best] as Vector, centre)) best = index;
  }
  const representative = (questions[best] as UnansweredQuestion).question.trim();
  const terms = [...centre.entries()]
    .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
    .slice(0, 5)
    .map(([term]) => term);
  const ordered = [...questions].sort((left, right) => right.at.localeCompare(left.at));
  return { representative, questions: ordered, terms, draft: knowledgeDraft(representative, ordered) };
}

/** A section in the knowledge files' own format: a heading, the answer to write, the questions it must answer. */
function knowledgeDraft(representative: string, questions: readonly UnansweredQuestion[]): string {
  const heading = representative.replace(/\s+/g, ' ').replace(/[?!.\s]+$/, '');
  const asked = [...new Set(questions.map((question) => question.question.replace(/\s+/g, ' ').trim()))].slice(0, 10);
  return [
    `## ${heading.charAt(0).toUpperCase()}${heading.slice(1)}`,
    '',
    '<!-- Write the approved answer here, then save this section in your knowledge folder. -->',
    '',
    `Customers asked (${questions.length} time${questions.length === 1 ? '' : 's'}):`,
    '',
    ...asked.map((question) => `- ${question}`),
    '',
  ].join('\n');
}
