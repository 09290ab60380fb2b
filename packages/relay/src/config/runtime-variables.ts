import { z } from 'zod';
import { handoffVariablesSchema } from '../handoff/environment.ts';
import { assistantVariablesSchema } from './assistant.ts';
import { relayVariablesSchema } from './environment.ts';
import { storeVariablesSchema } from './store-variables.ts';

/** Every variable the `tandem-relay` command reads. */
export const nodeVariablesSchema = relayVariablesSchema.extend({
  ...assistantVariablesSchema.shape,
  ...handoffVariablesSchema.shape,
  ...storeVariablesSchema.shape,
  TANDEM_PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535 (0 picks a free port)')
    .max(65535, 'must be between 0 and 65535 (0 picks a free port)')
    .default(8787),
  TANDEM_HOST: z.string().min(1).default('127.0.0.1'),
  TANDEM_KNOWLEDGE_DIR: z.string().min(1),
});

/** Every binding the Workers entry reads as a variable (namespaces such as TANDEM_CONVERSATIONS aside). */
export const workersVariablesSchema = relayVariablesSchema.extend({
  ...assistantVariablesSchema.shape,
  ...handoffVariablesSchema.shape,
  /** JSON: `[{ "id": "returns", "markdown": "# Returns ..." }]`, for knowledge not bundled in code. */
  TANDEM_KNOWLEDGE: z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON: [{ "id": "...", "markdown": "..." }]' });
        return z.NEVER;
      }
    })
    .pipe(z.array(z.object({ id: z.string().min(1), markdown: z.string() })))
    .optional(),
});
