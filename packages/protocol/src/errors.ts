import { z } from 'zod';

export const errorCodeSchema = z.enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
  'unavailable',
  /** An upload larger than the relay takes (413). */
  'attachment_too_large',
  /** An upload whose content is not one of the allowed types, or is damaged (415). */
  'attachment_type_not_allowed',
  /** The conversation holds as many attachments as it may (409). */
  'attachment_limit_reached',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Every error response from the relay has this body. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** Turns zod issues into one readable sentence naming each offending field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.join('.') : 'body';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
