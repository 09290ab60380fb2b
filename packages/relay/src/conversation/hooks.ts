import type { ContactRequest, Message } from '@tandem/protocol';
import type { ConversationRecord } from '../store/store.ts';
import type { HandoffRequestInput } from './handoff-request.ts';

/**
 * Extension points the handoff runner and the escalation policy plug into. Hooks run in the background after the
 * change that triggers them is stored; a failing hook is logged and never fails the request.
 */
export interface ConversationHooks {
  /** A person was asked for (by the visitor or by the policy); the conversation is now waiting. */
  onHandoffRequested?(conversation: ConversationRecord, request: HandoffRequestInput): unknown;
  /** The visitor wrote while a person is asked for or answering; forward it to the helpdesk. */
  onVisitorMessage?(conversation: ConversationRecord, message: Message): unknown;
  onClosed?(conversation: ConversationRecord): unknown;
  /** The visitor left an address to be answered later (nobody was available). */
  onContactSaved?(conversation: ConversationRecord, contact: ContactRequest): unknown;
}

export type HookName = keyof ConversationHooks;

export class HookRegistry {
  private readonly entries = new Set<ConversationHooks>();

  /** Adds hooks; call the returned function to remove them again. */
  add(hooks: ConversationHooks): () => void {
    this.entries.add(hooks);
    return () => {
      this.entries.delete(hooks);
    };
  }

  /** The hooks registered for one event, in the order they were added. */
  listeners<Name extends HookName>(name: Name): NonNullable<ConversationHooks[Name]>[] {
    return [...this.entries].flatMap((hooks) => {
      const hook = hooks[name];
      return hook ? [hook.bind(hooks) as NonNullable<ConversationHooks[Name]>] : [];
    });
  }

  get size(): number {
    return this.entries.size;
  }
}
