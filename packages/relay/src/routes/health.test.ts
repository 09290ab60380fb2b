import { describe, expect, it } from 'vitest';
import { postTo, relayForTest, startConversation } from '../../test/test-fixture.ts';

const metricsToken = 'metrics-token-for-tests-0001';

describe('GET /healthz', () => {
  it('says the relay is up', async () => {
    const response = await relayForTest().request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text to the holder of the metrics token', async () => {
    const relay = relayForTest({ metricsToken });
    const conversation = await startConversation(relay);
    await postTo(relay, conversation, 'messages', { clientMessageId: 'm1', text: 'How long do I have to return?' });
    await relay.conversations.idle();
    await postTo(relay, conversation, 'handoff', {});
    const response = await relay.request('/metrics', { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('# TYPE tandem_open_conversations gauge\ntandem_open_conversations 1\n');
    expect(text).toContain('tandem_sse_connections 0');
    expect(text).toContain('tandem_messages_total{role="visitor"} 1');
    expect(text).toContain('tandem_messages_total{role="assistant"} 1');
    expect(text).toContain('tandem_handoffs_total{reason="visitor_request"} 1');
    expect(text).toContain('tandem_assistant_latency_seconds_count 1');
    expect(text).toMatch(/tandem_assistant_latency_seconds_bucket\{le="\+Inf"\} 1/);
    // Time to first token: the first streamed text of the answer.
    expect(text).toContain('tandem_assistant_first_token_seconds_count 1');
    expect(text).toContain('# TYPE tandem_handoff_reviews_total counter');
  });

  it('refuses a missing or wrong token, and is not served without one configured', async () => {
    const relay = relayForTest({ metricsToken });
    expect((await relay.request('/metrics')).status).toBe(401);
    const wrong = await relay.request('/metrics', {
      headers: { authorization: 'Bearer metrics-token-for-tests-0002' },
    });
    expect(wrong.status).toBe(401);
    expect((await relayForTest().request('/metrics')).status).toBe(404);
  });
});
