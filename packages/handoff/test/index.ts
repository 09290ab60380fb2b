// The conformance suite for HandoffAdapter implementations (import it from a vitest test file), and loopback
// helpdesk fakes that follow the real services' documented contracts.
export type {
  ConformanceAttachments,
  ConformanceFile,
  ConformanceHelpdesk,
  ConformanceTicket,
  InboundSigning,
  TestHandoffAdapterOptions,
} from './conformance.ts';
export { testHandoffAdapter } from './conformance.ts';
export * from './fakes/index.ts';
export type { RelayFiles } from './relay-files.ts';
export { startRelayFiles } from './relay-files.ts';
