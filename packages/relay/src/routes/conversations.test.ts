import { refreshTokenResponseSchema } from '@tandem/protocol';
import { describe, expect, it, vi } from 'vitest';
import { postTo, relayForTest, startConversation, TEST_SECRET } from '../../test/test-fixture.ts';
import { signToken } from '../security/token.ts';

describe('POST /v1/conversations', () => {
  it('creates a conversation with a token bound to it and its site', async () => {
    const relay = relayForTest();
    const created = await startConversation(relay, { siteId: 'shop', locale: 'pt-BR' });
    expect(created.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(created.expiresAt)).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    expect(await relay.conversations.store.getConversation(created.conversationId)).toMatchObject({
      siteId: 'shop',
      locale: 'pt-BR',
      mode: 'assistant',
    });
  });

  it('refuses a body that is not JSON, has unknown fields or a bad locale, creating nothing', async () => {
    const relay = relayForTest();
    const bodies = ['not json', JSON.stringify({ colour: 'red' }), JSON.stringify({ locale: 'english please' })];
    for (const body of bodies) {
      const response = await relay.request('/v1/conversations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('bad_request');
    }
    const plain = await relay.request('/v1/conversations', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(plain.status).toBe(400);
    expect(relay.metrics.openConversations.value()).toBe(0);
  });
});

describe('POST /v1/conversations/:id/token', () => {
  it('exchanges a valid token for a fresh one that works', async () => {
    const relay = relayForTest({ tokenTtlSeconds: 120 });
    const conversation = await startConversation(relay);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
    const response = await postTo(relay, conversation, 'token', {}).finally(() => vi.useRealTimers());
    expect(response.status).toBe(200);
    const refreshed = refreshTokenResponseSchema.parse(await response.json());
    expect(Date.parse(refreshed.expiresAt)).toBeGreaterThan(Date.parse(conversation.expiresAt));
    const sent = await postTo(relay, { ...conversation, token: refreshed.token }, 'messages', {
      clientMessageId: 'after-refresh',
      text: 'still me',
    });
    expect(sent.status).toBe(202);
  });

  it('refuses an expired token and a token for another conversation', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay);
    const other = await startConversation(relay);
    const expired = await signToken(TEST_SECRET, {
      conversationId: conversation.conversationId,
      siteId: 'shop',
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    const refusedExpired = await postTo(relay, { ...conversation, token: expired }, 'token', {});
    expect(refusedExpired.status).toBe(401);
    expect(await refusedExpired.json()).toEqual({
      error: { code: 'unauthorized', message: 'The token has expired.' },
    });
    expect((await postTo(relay, { ...conversation, token: other.token }, 'token', {})).status).toBe(403);
    const wrongScheme = await postTo(
      relay,
      conversation,
      'token',
      {},
      { authorization: `Token ${conversation.token}` },
    );
    expect(wrongScheme.status).toBe(401);
    expect(await wrongScheme.json()).toEqual({
      error: { code: 'unauthorized', message: 'The Authorization header must be "Bearer <token>".' },
    });
  });

  it('refuses a token signed for another site', async () => {
    const relay = relayForTest();
    const conversation = await startConversation(relay, { siteId: 'shop' });
    const forged = await signToken(TEST_SECRET, {
      conversationId: conversation.conversationId,
      siteId: 'other-shop',
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    });
    expect((await postTo(relay, { ...conversation, token: forged }, 'token', {})).status).toBe(403);
  });
});
