import { describe, expect, it } from 'vitest';
import { createRelay } from '../app.ts';
import { createOfflineAssistant } from '../assistant/offline.ts';
import { createInboxHandoff } from './inbox/inbox-adapter.ts';

function relayWith(handoff: unknown) {
  return () =>
    createRelay({
      secret: 'options-test-secret-0123456789abcdefgh',
      assistant: createOfflineAssistant({ knowledge: [] }),
      allowedOrigins: '*',
      handoff: handoff as never,
    });
}

describe('handoff options', () => {
  it('fails at start-up naming a chain that refers to an adapter that is not configured', () => {
    expect(relayWith({ adapters: [createInboxHandoff()], chain: ['inbox', 'slack'] })).toThrow(
      /handoff\.chain\.1: names adapter "slack", which is not in handoff\.adapters \(inbox\)/,
    );
    expect(
      relayWith({ adapters: [createInboxHandoff()], routes: [{ when: { tier: ['vip'] }, chain: ['zendesk'] }] }),
    ).toThrow(/handoff\.routes\.0\.chain\.0: names adapter "zendesk"/);
  });

  it('refuses two adapters with the same name, and anything that is not an adapter', () => {
    expect(relayWith({ adapters: [createInboxHandoff(), createInboxHandoff()] })).toThrow(
      /two adapters are named "inbox"/,
    );
    expect(relayWith({ adapters: [{ name: 'slack' }] })).toThrow(/must be a HandoffAdapter/);
    expect(relayWith({ adapters: [] })).toThrow(/must hold at least one adapter/);
  });

  it('refuses a short inbox token and out-of-range retries', () => {
    expect(relayWith({ adapters: [createInboxHandoff()], inboxToken: 'short' })).toThrow(/inboxToken/);
    expect(relayWith({ adapters: [createInboxHandoff()], retry: { attempts: 0 } })).toThrow(/handoff\.retry\.attempts/);
  });

  it('accepts a complete configuration and fills in the defaults', () => {
    const relay = relayWith({ adapters: [createInboxHandoff()], development: true })();
    expect(relay.handoff?.adapters.get('inbox')?.name).toBe('inbox');
  });
});
