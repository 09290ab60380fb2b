// The conformance suite for HandoffAdapter implementations (import it from a vitest test file), and loopback
// helpdesk fakes that follow the real services' documented contracts.
export type {
  ConformanceHelpdesk,
  ConformanceTicket,
  InboundSigning,
  TestHandoffAdapterOptions,
} from './conformance.ts';
export { testHandoffAdapter } from './conformance.ts';
export * from './fakes/index.ts';
