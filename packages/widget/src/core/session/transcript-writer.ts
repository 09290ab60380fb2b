import type { WidgetStorage } from '../storage/storage.ts';
import { type StoredTranscript, TRANSCRIPT_KEY } from './session.ts';

export interface TranscriptWriterOptions {
  storage: WidgetStorage;
  /** The transcript as it should be stored now; undefined while there is no conversation to store. */
  snapshot: () => StoredTranscript | undefined;
  /** How long streamed pieces are gathered before one write. Default 150 ms. */
  delayMs?: number;
}

/**
 * Writes the transcript to storage. Streamed answers arrive a few words at a time, so those writes are
 * batched; anything a reload must not miss (a whole message, a mode change) is written at once.
 */
export class TranscriptWriter {
  readonly #options: TranscriptWriterOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: TranscriptWriterOptions) {
    this.#options = options;
  }

  /** Writes within `delayMs`, together with anything else that changes meanwhile. */
  schedule(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#timer = setTimeout(() => this.saveNow(), this.#options.delayMs ?? 150);
  }

  saveNow(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const transcript = this.#options.snapshot();
    if (!transcript) return;
    // A failed write only costs the newest events; the stream resumes from the last stored id on reload.
    this.#options.storage.set(TRANSCRIPT_KEY, transcript).catch(() => {});
  }

  /** Writes what is pending and stops scheduling. */
  stop(): void {
    this.saveNow();
    this.#stopped = true;
  }
}
