import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { ASSESSMENT_TOOL_NAME } from './system-prompt.ts';

export const ASSISTANT_INTENTS = ['question', 'wants-human', 'complaint', 'smalltalk', 'other'] as const;

/**
 * The tool input the model fills in. Property order matters: models write tool input in schema order, so the
 * assessment is complete in the stream before the first character of the answer, and the policy can decide
 * before any text reaches the visitor.
 */
export const assessmentToolInputSchema = z.object({
  confidence: z
    .number()
    .min(0)
    .max(1)
    .describe('0 to 1: how sure you are that the knowledge sections answer this message.'),
  sentiment: z
    .number()
    .min(-1)
    .max(1)
    .describe("-1 to 1: the customer's mood, from furious (-1) through neutral (0) to delighted (1)."),
  intent: z
    .enum(ASSISTANT_INTENTS)
    .describe('What the visitor wants; "wants-human" when they ask for a person in any language.'),
  topics: z.array(z.string().max(60)).max(8).describe('Short topic labels, e.g. "returns", "refund", "delivery".'),
  citations: z
    .array(z.string().max(200))
    .max(10)
    .describe('Ids of the knowledge sections the answer relies on, exactly as in <section id="...">.'),
  answer: z.string().max(8000).describe("The reply the visitor reads, in the visitor's language."),
});

export type AssessmentToolInput = z.infer<typeof assessmentToolInputSchema>;

/** The assessment fields: everything before `answer`. */
export const assessmentFieldsSchema = assessmentToolInputSchema.omit({ answer: true });

export function assessmentTool(): Anthropic.Messages.Tool {
  const { $schema: _schema, ...inputSchema } = z.toJSONSchema(assessmentToolInputSchema) as Record<string, unknown>;
  return {
    name: ASSESSMENT_TOOL_NAME,
    description:
      'Reply to the visitor. Give your honest assessment first, then the answer text. Always use this tool to reply.',
    input_schema: inputSchema as Anthropic.Messages.Tool.InputSchema,
  };
}
