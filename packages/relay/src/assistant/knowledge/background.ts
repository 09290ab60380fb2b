import { BACKGROUND_BANDS, BACKGROUND_TOTAL } from './background-frequencies.ts';

// A stem missing from the background list is rarer than every kept one (they were seen at least 16 times).
const UNSEEN_COUNT = 8;

let surprisals: Map<string, number> | undefined;

/**
 * How much a term says, in bits, measured against everyday spoken English: "what" and "work" say little, "timer",
 * "refund" and "klarna" say a lot. The same everywhere, whatever the merchant's knowledge holds, so a question's
 * words are weighed the same way for a shop with six articles as for one with six hundred.
 */
export function backgroundSurprisal(term: string): number {
  if (surprisals === undefined) {
    surprisals = new Map();
    for (const [band, terms] of BACKGROUND_BANDS) {
      // A band holds counts from 2^band to 2^(band+1); its middle stands for all of them.
      const bits = Math.log2(BACKGROUND_TOTAL) - (band + 0.5);
      for (const known of terms.split(' ')) surprisals.set(known, bits);
    }
  }
  return surprisals.get(term) ?? Math.log2(BACKGROUND_TOTAL / UNSEEN_COUNT);
}
