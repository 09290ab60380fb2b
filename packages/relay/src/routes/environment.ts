import type { ConversationService } from '../conversation/conversation-service.ts';
import type { ResolvedRelayOptions } from '../options.ts';

/** Typed context variables every route can read. */
export interface RelayEnvironment {
  Variables: {
    conversations: ConversationService;
    options: ResolvedRelayOptions;
  };
}
