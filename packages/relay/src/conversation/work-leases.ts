import type { ConversationStore } from '../store/store.ts';

/** How long a lease lives without renewal: an instance that dies lets its work go after at most this long. */
export const DEFAULT_LEASE_SECONDS = 5;

export interface WorkLease {
  /** Stops renewing and lets the lease go, so another instance may take the next piece of work at once. */
  release(): Promise<void>;
}

/**
 * Exactly one instance does each piece of work (answering one visitor message, retrying one kept handoff) when
 * several share a store: the first to claim the work's key with an expiry holds it, renews it while it works, and
 * lets it go when done. An instance that dies stops renewing, the key expires, and another instance's recovery pass
 * claims it within seconds. On a store only one process uses (memory, SQLite) every claim is granted: there is no
 * one to share with, and a restarted process must take up its own work at once.
 */
export class WorkLeases {
  /** This process, as written into the leases it holds. */
  readonly holder = crypto.randomUUID();

  constructor(
    private readonly store: ConversationStore,
    private readonly leaseSeconds = DEFAULT_LEASE_SECONDS,
    private readonly onLost: (name: string) => void = () => undefined,
  ) {}

  /** Claims `name`; undefined when another holder (or this one, already at it) has it. */
  async acquire(name: string): Promise<WorkLease | undefined> {
    if (!this.store.shared) return { release: async () => undefined };
    const key = `lease:${name}`;
    const earlier = await this.store.claimKey(key, this.holder, this.leaseSeconds);
    if (earlier !== undefined) return undefined;
    const renewal = setInterval(
      () => {
        void this.renew(key).then(
          (held) => {
            if (!held) {
              clearInterval(renewal);
              this.onLost(name);
            }
          },
          () => undefined, // the store is away; the next tick tries again, and the lease may lapse meanwhile
        );
      },
      (this.leaseSeconds * 1000) / 3,
    );
    (renewal as { unref?: () => void }).unref?.();
    return {
      release: async () => {
        clearInterval(renewal);
        await this.release(key).catch(() => undefined); // unreleased, it simply expires
      },
    };
  }

  /** Runs `work` under the lease on `name`; returns false without running it when another holds the lease. */
  async run(name: string, work: () => Promise<void>): Promise<boolean> {
    const lease = await this.acquire(name);
    if (!lease) return false;
    try {
      await work();
    } finally {
      await lease.release();
    }
    return true;
  }

  // --- internal ---

  private async renew(key: string): Promise<boolean> {
    if (this.store.renewKey) return this.store.renewKey(key, this.holder, this.leaseSeconds);
    if ((await this.store.getKey(key)) !== this.holder) return false;
    await this.store.setKey(key, this.holder, this.leaseSeconds);
    return true;
  }

  private async release(key: string): Promise<void> {
    if (this.store.releaseKey) {
      await this.store.releaseKey(key, this.holder);
      return;
    }
    if ((await this.store.getKey(key)) === this.holder) await this.store.deleteKey(key);
  }
}
