import { HandoffError } from '@tandem/handoff';
import { describe, expect, it } from 'vitest';
import { withRetry } from './retry.ts';

const policy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 1000 };

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (milliseconds: number) => void waits.push(milliseconds) };
}

function failing(errors: unknown[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    task: async () => {
      const error = errors[calls++];
      if (error !== undefined) throw error;
      return 'ticket';
    },
  };
}

const unavailable = () => new HandoffError('unavailable', 'down', { adapter: 'slack', status: 503 });

describe('retries with exponential backoff', () => {
  it('retries a retryable failure, doubling the wait each time within a jittered band', async () => {
    const { waits, sleep } = recorder();
    const run = failing([unavailable(), unavailable(), unavailable()]);
    expect(await withRetry(run.task, policy, sleep, () => 1)).toBe('ticket');
    expect(run.calls).toBe(4);
    expect(waits).toEqual([100, 200, 400]);

    const low = recorder();
    await withRetry(failing([unavailable(), unavailable()]).task, policy, low.sleep, () => 0);
    expect(low.waits).toEqual([50, 100]);
  });

  it('never waits longer than the cap', async () => {
    const { waits, sleep } = recorder();
    const run = failing([unavailable(), unavailable(), unavailable()]);
    await withRetry(run.task, { attempts: 4, initialDelayMs: 400, maxDelayMs: 700 }, sleep, () => 1);
    expect(waits).toEqual([400, 700, 700]);
  });

  it("waits as long as the helpdesk's Retry-After asks, capped", async () => {
    const { waits, sleep } = recorder();
    const limited = (retryAfterMs: number) =>
      new HandoffError('rate_limited', '429', { adapter: 'zendesk', status: 429, retryAfterMs });
    await withRetry(failing([limited(250), limited(5000)]).task, policy, sleep, () => 0);
    expect(waits).toEqual([250, 1000]);
  });

  it('gives up at once when a retry cannot help, and throws that error', async () => {
    const { waits, sleep } = recorder();
    const refused = new HandoffError('auth_failed', 'invalid_auth', { adapter: 'slack', retryable: false });
    const run = failing([refused]);
    await expect(withRetry(run.task, policy, sleep)).rejects.toBe(refused);
    expect(run.calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('throws the last error once the attempts run out', async () => {
    const { sleep } = recorder();
    const last = unavailable();
    const run = failing([unavailable(), unavailable(), unavailable(), last]);
    await expect(withRetry(run.task, policy, sleep)).rejects.toBe(last);
    expect(run.calls).toBe(4);
  });
});
