import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialChatState } from '../chat-state.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import { type StoredTranscript, TRANSCRIPT_KEY, toTranscript } from './session.ts';
import { TranscriptWriter } from './transcript-writer.ts';

describe('writing the transcript', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gathers streamed pieces into one write', async () => {
    vi.useFakeTimers();
    const storage = createMemoryStorage();
    const set = vi.spyOn(storage, 'set');
    let text = '';
    let lastEventId = 0;
    const writer = new TranscriptWriter({
      storage,
      delayMs: 150,
      snapshot: () =>
        toTranscript('conv_1', lastEventId, {
          ...initialChatState,
          messages: [{ id: 'a1', role: 'assistant', text, status: 'streaming', createdAt: '2026-11-22T10:00:00Z' }],
        }),
    });
    for (const word of ['You ', 'have ', '30 ', 'days.']) {
      text += word;
      lastEventId += 1;
      writer.schedule();
    }
    expect(set).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(150);
    expect(set).toHaveBeenCalledTimes(1);
    const stored = await storage.get<StoredTranscript>(TRANSCRIPT_KEY);
    expect(stored?.messages[0]?.text).toBe('You have 30 days.');
    expect(stored?.lastEventId).toBe(4);
  });

  it('writes what is pending when stopped, and nothing after', async () => {
    vi.useFakeTimers();
    const storage = createMemoryStorage();
    const set = vi.spyOn(storage, 'set');
    const writer = new TranscriptWriter({ storage, snapshot: () => toTranscript('conv_1', 3, initialChatState) });
    writer.schedule();
    writer.stop();
    expect(set).toHaveBeenCalledTimes(1);
    writer.schedule();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(set).toHaveBeenCalledTimes(1);
  });

  it('writes nothing while there is no conversation', () => {
    const storage = createMemoryStorage();
    const set = vi.spyOn(storage, 'set');
    new TranscriptWriter({ storage, snapshot: () => undefined }).saveNow();
    expect(set).not.toHaveBeenCalled();
  });
});
