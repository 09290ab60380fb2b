import type { WidgetStorage } from '../storage/storage.ts';
import type { RelayClient } from '../transport/relay-client.ts';
import { RelayRequestError } from '../transport/relay-client.ts';
import { SESSION_KEY, type StoredSession } from './session.ts';

export interface TokenRefresherOptions {
  client: RelayClient;
  storage: WidgetStorage;
  /** The session this tab is in now. */
  current(): StoredSession | undefined;
  /** A newer token: from the relay (already stored) or from another tab that refreshed first. */
  onRefreshed(session: StoredSession, byAnotherTab: boolean): void;
}

/**
 * Renews the conversation token well before it expires: at 80% of its lifetime, and never later than
 * five minutes before the end. Only one tab needs to; the others find the new token in storage.
 */
export class TokenRefresher {
  readonly #options: TokenRefresherOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: TokenRefresherOptions) {
    this.#options = options;
  }

  /** Plans the next renewal for the current session (replacing any plan made before). */
  schedule(): void {
    clearTimeout(this.#timer);
    const session = this.#options.current();
    if (!session || this.#stopped) return;
    const expiresAt = Date.parse(session.expiresAt);
    const issuedAt = Date.parse(session.issuedAt ?? new Date().toISOString());
    const lifetime = Math.max(0, expiresAt - issuedAt);
    const refreshAt = Math.min(issuedAt + lifetime * 0.8, expiresAt - 5 * 60_000);
    this.#later(session, Math.max(refreshAt - Date.now(), 1000));
  }

  /** Drops the planned renewal (the conversation was forgotten); `schedule()` plans again. */
  cancel(): void {
    clearTimeout(this.#timer);
  }

  stop(): void {
    this.#stopped = true;
    this.cancel();
  }

  #later(session: StoredSession, delay: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#refresh(session), Math.min(delay, 2 ** 31 - 1));
  }

  async #refresh(session: StoredSession): Promise<void> {
    const { client, storage } = this.#options;
    const stored = await storage.get<StoredSession>(SESSION_KEY);
    if (stored && stored.conversationId === session.conversationId && stored.token !== session.token) {
      this.#options.onRefreshed(stored, true);
      this.schedule();
      return;
    }
    try {
      const refreshed = await client.refreshToken(session.conversationId, session.token);
      if (this.#stopped || this.#options.current()?.conversationId !== session.conversationId) return;
      const next: StoredSession = {
        ...session,
        token: refreshed.token,
        expiresAt: refreshed.expiresAt,
        issuedAt: new Date().toISOString(),
      };
      await storage.set(SESSION_KEY, next);
      this.#options.onRefreshed(next, false);
      this.schedule();
    } catch (error) {
      if (error instanceof RelayRequestError && [401, 403, 404].includes(error.status)) return;
      // The relay is unreachable: try again in a minute, while the token still holds.
      this.#later(session, 60_000);
    }
  }
}
