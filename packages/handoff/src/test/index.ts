// The conformance suite for HandoffAdapter implementations: import it from a vitest test file.
export type {
  ConformanceHelpdesk,
  ConformanceTicket,
  InboundSigning,
  TestHandoffAdapterOptions,
} from './conformance.ts';
export { testHandoffAdapter } from './conformance.ts';
