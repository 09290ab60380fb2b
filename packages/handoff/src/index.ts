export type { HandoffAdapter, HandoffContext, HandoffTicket, InboundEvent } from './handoff-adapter.ts';
