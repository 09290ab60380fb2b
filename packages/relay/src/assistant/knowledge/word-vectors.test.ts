import { describe, expect, it } from 'vitest';
import { stem } from './tokenize.ts';
import { cosine, meanVector, wordVector } from './word-vectors.ts';

const vectorOf = (word: string) => wordVector(stem(word));
const similarity = (left: string, right: string) => {
  const leftVector = vectorOf(left);
  const rightVector = vectorOf(right);
  if (!leftVector || !rightVector) throw new Error(`no vector for ${leftVector ? right : left}`);
  return cosine(leftVector, rightVector);
};

describe('word vectors', () => {
  it('put words a customer uses for the same thing close together, and unrelated words apart', () => {
    expect(similarity('jacket', 'trousers')).toBeGreaterThan(similarity('jacket', 'refund'));
    expect(similarity('boots', 'shoes')).toBeGreaterThan(0.6);
    expect(similarity('courier', 'delivery')).toBeGreaterThan(similarity('courier', 'password'));
    expect(similarity('puppy', 'dog')).toBeGreaterThan(similarity('puppy', 'table'));
  });

  it('are unit vectors, the same for the same stem, and absent for words outside common English', () => {
    const vector = vectorOf('parcel');
    expect(vector).toBeDefined();
    expect(cosine(vector as Float32Array, vector as Float32Array)).toBeCloseTo(1, 5);
    expect(vectorOf('parcels')).toBe(vector);
    expect(wordVector('xqzzyv')).toBeUndefined();
  });

  it('average into a unit vector that leans towards the heavier word', () => {
    const dog = vectorOf('dog');
    const table = vectorOf('table');
    const mean = meanVector([
      [dog, 3],
      [table, 1],
      [undefined, 5],
    ]);
    expect(mean && cosine(mean, mean)).toBeCloseTo(1, 5);
    expect(mean && dog && cosine(mean, dog)).toBeGreaterThan((mean && table && cosine(mean, table)) ?? 1);
    expect(meanVector([[undefined, 1]])).toBeUndefined();
  });
});
