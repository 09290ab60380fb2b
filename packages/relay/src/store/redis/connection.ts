import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../store-unavailable.ts';

/** How long a call waits for a lost connection to come back before it answers "unavailable". */
export const DEFAULT_UNAVAILABLE_AFTER_MS = 1_000;

/**
 * A connection for a relay: fail fast instead of queueing while Redis is away (a queued write would run after the
 * visitor was already told to retry), keep reconnecting forever with a short back-off, and never let an error event
 * crash the process.
 */
export function createConnection(url: string, onError: (error: Error) => void): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: (attempt: number) => Math.min(100 * attempt, 1_000),
    // A Redis loading its append-only file answers LOADING; the ready check waits that out.
    enableReadyCheck: true,
  });
  client.on('error', onError);
  // Every call waiting for a reconnect listens for 'ready' (see `ready`); hundreds may wait at once, by design.
  client.setMaxListeners(0);
  return client;
}

/** Reply errors that mean "not now" rather than "wrong": the server is loading, read-only, or busy with a script. */
const TRANSIENT_REPLIES = ['LOADING', 'READONLY', 'MASTERDOWN', 'BUSY', 'TRYAGAIN', 'CLUSTERDOWN'];

/**
 * Runs one store operation: waits up to `waitMs` for a connection that is reconnecting, then turns every
 * connection failure into a StoreUnavailableError (503 with Retry-After at the HTTP edge).
 */
export async function withConnection<T>(client: Redis, waitMs: number, operation: () => Promise<T>): Promise<T> {
  if (client.status !== 'ready') await ready(client, waitMs);
  try {
    return await operation();
  } catch (error) {
    throw unavailableOrSelf(error);
  }
}

export function unavailableOrSelf(error: unknown): unknown {
  if (StoreUnavailableError.isStoreUnavailable(error)) return error;
  if (!(error instanceof Error)) return error;
  const isReply = error.name === 'ReplyError';
  if (isReply && !TRANSIENT_REPLIES.some((prefix) => error.message.startsWith(prefix))) return error;
  return new StoreUnavailableError('redis', error);
}

/** Resolves once the connection is ready, or throws StoreUnavailableError after `waitMs`. */
export function ready(client: Redis, waitMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'end') return Promise.reject(new StoreUnavailableError('redis', 'connection closed'));
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new StoreUnavailableError('redis', `not connected (${client.status}) within ${waitMs} ms`));
    }, waitMs);
    client.once('ready', onReady);
  });
}
