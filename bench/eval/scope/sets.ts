/**
 * The question sets the out-of-scope decision is calibrated and measured on: CLINC150 (public, fetched, never
 * committed) and our own paraphrases of the demo shop's knowledge (committed beside this file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where fetched public data sets live: `$TANDEM_EVAL_DATA`, default /tmp/tandem-eval-data. Never committed. */
export const EVAL_DATA = process.env.TANDEM_EVAL_DATA ?? '/tmp/tandem-eval-data';
export const CLINC_FILE = join(EVAL_DATA, 'clinc150', 'data_full.json');
export const CLINC_HOW_TO =
  `CLINC150 (CC BY 3.0, github clinc/oos-eval) is not at ${CLINC_FILE}. Bring it in with: ` +
  `git clone --depth 1 https://github.com/clinc/oos-eval /tmp/oos-eval && mkdir -p ${join(EVAL_DATA, 'clinc150')} && ` +
  `cp /tmp/oos-eval/data/data_full.json ${CLINC_FILE}`;

/**
 * CLINC150 intents that a shop's help articles do answer ("where is my order", "why was my card declined"): they
 * are not out of scope for a shop, so they are left out of the out-of-scope sets. Chosen by intent name before any
 * measurement.
 */
export const SHOP_INTENTS = new Set(['order_status', 'card_declined']);

const clincSchema = z.object({
  oos_val: z.array(z.tuple([z.string(), z.string()])),
  oos_test: z.array(z.tuple([z.string(), z.string()])),
  val: z.array(z.tuple([z.string(), z.string()])),
  test: z.array(z.tuple([z.string(), z.string()])),
});

export interface OutOfScopeSet {
  name: string;
  questions: string[];
}

/** CLINC150's explicit out-of-scope questions and its 150 in-domain intents (all out of a shop's scope), or null. */
export function loadClinc(split: 'val' | 'test'): { outOfScope: OutOfScopeSet; otherDomains: OutOfScopeSet } | null {
  if (!existsSync(CLINC_FILE)) return null;
  const data = clincSchema.parse(JSON.parse(readFileSync(CLINC_FILE, 'utf8')));
  const oos = split === 'val' ? data.oos_val : data.oos_test;
  const domains = (split === 'val' ? data.val : data.test).filter(([, intent]) => !SHOP_INTENTS.has(intent));
  return {
    outOfScope: { name: `CLINC150 oos_${split}`, questions: oos.map(([text]) => text) },
    otherDomains: { name: `CLINC150 ${split} (148 non-shop intents)`, questions: domains.map(([text]) => text) },
  };
}

const paraphraseSchema = z.strictObject({ question: z.string().min(1), expected: z.string().nullable() });
export type Paraphrase = z.infer<typeof paraphraseSchema>;

/** Our paraphrases of the demo shop's knowledge: "tuning" (calibration) or "test" (held out, written before tuning). */
export function loadParaphrases(set: 'tuning' | 'test'): Paraphrase[] {
  const path = fileURLToPath(new URL(`./paraphrases-${set}.jsonl`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = paraphraseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`paraphrases-${set}.jsonl line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export const DEMO_KNOWLEDGE = fileURLToPath(new URL('../../../examples/shop/knowledge', import.meta.url));
