import type { ContactRequest, Message } from '@tandem/protocol';
import type { HandoffRequestInput } from '../policy/handoff-request.ts';
import type { ConversationRecord } from '../store/store.ts';

/**
 * What the conversation service tells the people side (the handoff runner) after a change is stored. Passed to
 * the service's constructor, so "go to definition" leads from a route through the service to the runner. Each call
 * runs in the background; a failure is logged and never fails the visitor's request, and the runner keeps what it
 * could not deliver in the store for its retry.
 */
export interface HandoffPort {
  /** A person was asked for (by the visitor or by the policy); the conversation is now waiting. */
  handoffRequested(conversation: ConversationRecord, request: HandoffRequestInput): Promise<unknown>;
  /** The visitor wrote while a person is asked for or answering; forward it to the helpdesk. */
  visitorMessage(conversation: ConversationRecord, message: Message): Promise<unknown>;
  closed(conversation: ConversationRecord): Promise<unknown>;
  /** The visitor left an address to be answered later (nobody was available). */
  contactSaved(conversation: ConversationRecord, contact: ContactRequest): Promise<unknown>;
}
