export type { SlackHandoffOptions } from './options.ts';
export { slackHandoffOptionsSchema } from './options.ts';
export { signSlackRequest, verifySlackSignature } from './signature.ts';
export { createSlackHandoff } from './slack.ts';
