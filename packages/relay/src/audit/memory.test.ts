import { describe, expect, it } from 'vitest';
import { type AuditEntry, exportAuditLog, toJsonLines } from './audit-log.ts';
import { createMemoryAuditLog } from './memory.ts';

function decision(conversationId: string, at: string): AuditEntry {
  return {
    type: 'decision',
    at,
    conversationId,
    stage: 'before-assistant',
    signals: {
      sentiment: -0.7,
      sentimentHistory: [-0.7],
      humanRequest: false,
      topics: [],
      vip: false,
      repeats: 0,
      lowConfidenceStreak: 0,
      smalltalk: false,
    },
    escalate: true,
    reasons: ['negative_sentiment'],
    priority: 'normal',
  };
}

describe('the memory audit log', () => {
  it("drops the oldest entries from every view, a conversation's included", async () => {
    const log = createMemoryAuditLog({ maxEntries: 3 });
    const at = (minute: number) => `2026-11-22T10:0${minute}:00.000Z`;
    for (const [minute, conversationId] of ['a', 'b', 'a', 'c', 'a', 'a'].entries()) {
      await log.record(decision(conversationId, at(minute)));
    }
    expect((await log.list()).map((entry) => entry.at)).toEqual([at(3), at(4), at(5)]);
    expect((await log.list({ conversationId: 'a' })).map((entry) => entry.at)).toEqual([at(4), at(5)]);
    expect(await log.list({ conversationId: 'b' })).toEqual([]);
    expect((await log.list({ conversationId: 'a', limit: 1 })).map((entry) => entry.at)).toEqual([at(5)]);
  });

  it('lists entries in order, by conversation, since a time, and the newest few', async () => {
    const log = createMemoryAuditLog();
    await log.record(decision('a', '2026-11-22T10:00:00.000Z'));
    await log.record(decision('b', '2026-11-22T11:00:00.000Z'));
    await log.record(decision('a', '2026-11-22T12:00:00.000Z'));
    expect((await log.list({ conversationId: 'a' })).map((entry) => entry.at)).toEqual([
      '2026-11-22T10:00:00.000Z',
      '2026-11-22T12:00:00.000Z',
    ]);
    expect((await log.list({ since: '2026-11-22T11:00:00.000Z' })).map((entry) => entry.conversationId)).toEqual([
      'b',
      'a',
    ]);
    expect((await log.list({ limit: 1 })).map((entry) => entry.at)).toEqual(['2026-11-22T12:00:00.000Z']);
  });

  it('keeps only the newest entries beyond its size, and copies so callers cannot change history', async () => {
    const log = createMemoryAuditLog({ maxEntries: 2 });
    const first = decision('a', '2026-11-22T10:00:00.000Z');
    await log.record(first);
    first.reasons.push('vip');
    expect((await log.list())[0]?.reasons).toEqual(['negative_sentiment']);
    await log.record(decision('b', '2026-11-22T11:00:00.000Z'));
    await log.record(decision('c', '2026-11-22T12:00:00.000Z'));
    const entries = await log.list();
    expect(entries.map((entry) => entry.conversationId)).toEqual(['b', 'c']);
    expect(() => createMemoryAuditLog({ maxEntries: 0 })).toThrow(/maxEntries must be a positive integer/);
  });

  it('exports JSON lines, one entry per line', async () => {
    const log = createMemoryAuditLog();
    await log.record(decision('a', '2026-11-22T10:00:00.000Z'));
    await log.record(decision('b', '2026-11-22T11:00:00.000Z'));
    const text = await exportAuditLog(log);
    expect(text.endsWith('\n')).toBe(true);
    expect(
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).conversationId),
    ).toEqual(['a', 'b']);
    expect(toJsonLines([])).toBe('');
  });
});
