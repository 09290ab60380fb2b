/**
 * What a word stem means, as a direction in a small vector space (GloVe, reduced and quantised; see
 * word-vectors-data.ts and bench/eval/scope/build-word-vectors.ts): stems used in the same contexts, such as "parcel"
 * and "packag" or "refund" and "monei", point the same way. Plain data, decoded on first use: runs on Node, Workers,
 * Bun and Deno without a file system or network.
 */
import { WORD_VECTOR_BYTES, WORD_VECTOR_DIMENSIONS, WORD_VECTOR_TERMS } from './word-vectors-data.ts';

export type WordVector = Float32Array;

let rows: Map<string, number> | undefined;
const decoded = new Map<string, WordVector | undefined>();

/** The unit vector of a stem, or undefined when the stem is not among the common English words the table holds. */
export function wordVector(term: string): WordVector | undefined {
  // Only the rows asked for are decoded: a knowledge base uses a few thousand stems of the table's many thousands.
  if (decoded.has(term)) return decoded.get(term);
  rows ??= new Map(WORD_VECTOR_TERMS.split(' ').map((known, row) => [known, row]));
  const row = rows.get(term);
  const vector = row === undefined ? undefined : decodeRow(row);
  decoded.set(term, vector);
  return vector;
}

/** Cosine similarity of two unit vectors. */
export function cosine(left: WordVector, right: WordVector): number {
  let sum = 0;
  for (let dimension = 0; dimension < left.length; dimension++) sum += (left[dimension] ?? 0) * (right[dimension] ?? 0);
  return sum;
}

/** The weighted mean direction of some vectors, unit length; undefined when none has a vector. */
export function meanVector(entries: Iterable<readonly [WordVector | undefined, number]>): WordVector | undefined {
  const sum = new Float32Array(WORD_VECTOR_DIMENSIONS);
  let any = false;
  for (const [vector, weight] of entries) {
    if (vector === undefined || weight <= 0) continue;
    any = true;
    for (let dimension = 0; dimension < sum.length; dimension++)
      sum[dimension] = (sum[dimension] ?? 0) + weight * (vector[dimension] ?? 0);
  }
  return any ? normalised(sum) : undefined;
}

// --- internal ---

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Map([...BASE64_ALPHABET].map((character, value) => [character.charCodeAt(0), value]));

/** One int8 row of the base64 table as a unit float vector (the row's bytes only, not the whole table). */
function decodeRow(row: number): WordVector {
  const first = row * WORD_VECTOR_DIMENSIONS;
  // Base64 packs 3 bytes in 4 characters: decode the groups that hold this row.
  const firstGroup = Math.floor(first / 3);
  const lastGroup = Math.floor((first + WORD_VECTOR_DIMENSIONS - 1) / 3);
  const bytes: number[] = [];
  for (let group = firstGroup; group <= lastGroup; group++) {
    let chunk = 0;
    for (let character = 0; character < 4; character++)
      chunk = (chunk << 6) | (BASE64_VALUES.get(WORD_VECTOR_BYTES.charCodeAt(group * 4 + character)) ?? 0);
    bytes.push(chunk >> 16, (chunk >> 8) & 255, chunk & 255);
  }
  const offset = first - firstGroup * 3;
  const vector = new Float32Array(WORD_VECTOR_DIMENSIONS);
  for (let dimension = 0; dimension < WORD_VECTOR_DIMENSIONS; dimension++)
    vector[dimension] = ((bytes[offset + dimension] ?? 0) << 24) >> 24;
  return normalised(vector);
}

function normalised(vector: Float32Array): Float32Array {
  let length = 0;
  for (const value of vector) length += value * value;
  length = Math.sqrt(length) || 1;
  for (let dimension = 0; dimension < vector.length; dimension++) vector[dimension] = (vector[dimension] ?? 0) / length;
  return vector;
}
