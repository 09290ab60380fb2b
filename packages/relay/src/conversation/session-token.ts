import type { RefreshTokenResponse } from '@tandem/protocol';
import { LRUCache } from 'lru-cache';
import { RelayError } from '../errors.ts';
import { signToken, type TokenClaims, verifyToken } from '../security/token.ts';
import type { ConversationRecord, ConversationStore } from '../store/store.ts';
import { requireConversation } from './conversation-records.ts';

export interface SessionTokenOptions {
  tokenSecret: string;
  tokenTtlSeconds: number;
}

/** Tokens this instance signed or verified lately, so a widget's next request skips the signature check. */
const REMEMBERED_TOKENS = 4096;

/** The widget's bearer tokens: each one is good for one conversation of one site, until it expires. */
export class SessionTokens {
  /**
   * Token → its claims, for tokens this very secret signed or verified (so as good as checking the signature
   * again); the expiry is still checked on every use. The least recently used is forgotten first.
   */
  private readonly remembered = new LRUCache<string, TokenClaims>({ max: REMEMBERED_TOKENS });

  constructor(
    private readonly store: ConversationStore,
    private readonly options: SessionTokenOptions,
  ) {}

  /** Checks a bearer token and that it was issued for this very conversation and site. */
  async authorize(conversationId: string, authorization: string | undefined): Promise<ConversationRecord> {
    const claims = await this.claimsOf(conversationId, authorization);
    const record = await requireConversation(this.store, conversationId);
    if (record.siteId !== claims.siteId) throw new RelayError('forbidden', 'This token belongs to another site.');
    return record;
  }

  /**
   * The token's check alone, without reading the conversation: for a store that checks the conversation's site in
   * the same request that stores the message (`ConversationStore.acceptVisitorMessage`).
   */
  async claimsOf(conversationId: string, authorization: string | undefined): Promise<TokenClaims> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new RelayError('unauthorized', 'Send the conversation token as "Authorization: Bearer <token>".');
    const check = await this.verify(token);
    if (!check.valid) {
      throw new RelayError(
        'unauthorized',
        check.reason === 'expired' ? 'The token has expired.' : 'The token is not valid.',
      );
    }
    if (check.claims.conversationId !== conversationId) {
      throw new RelayError('forbidden', 'This token belongs to another conversation.');
    }
    return check.claims;
  }

  async issue(conversation: Pick<ConversationRecord, 'id' | 'siteId'>): Promise<RefreshTokenResponse> {
    const expiresAt = Math.floor(Date.now() / 1000) + this.options.tokenTtlSeconds;
    const token = await signToken(this.options.tokenSecret, {
      conversationId: conversation.id,
      siteId: conversation.siteId,
      expiresAt,
    });
    this.remembered.set(token, { conversationId: conversation.id, siteId: conversation.siteId, expiresAt });
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  // --- internal ---

  /** The signature check is a trip through the crypto work queue; a token seen before does not pay it again. */
  private async verify(token: string): ReturnType<typeof verifyToken> {
    const claims = this.remembered.get(token);
    if (claims) {
      if (claims.expiresAt > Date.now() / 1000) return { valid: true, claims };
      this.remembered.delete(token);
      return { valid: false, reason: 'expired' };
    }
    const check = await verifyToken(this.options.tokenSecret, token);
    if (check.valid) this.remembered.set(token, check.claims);
    return check;
  }
}
