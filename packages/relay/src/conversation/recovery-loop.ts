import type { Logger } from '../observability/logger.ts';

export interface RecoveryLoopOptions {
  /** One pass: claim and take up work whose holder died. */
  recover: () => Promise<unknown>;
  intervalMs: number;
  logger: Logger;
}

/**
 * Runs recovery passes one after the other, `intervalMs` apart, until stopped: how instances sharing a store take
 * over the work of one that died once its leases lapse. A failed pass (the store is away) is logged and the next one
 * tries again; passes never overlap, and the timer does not keep a finished process alive.
 */
export function startRecoveryLoop({ recover, intervalMs, logger }: RecoveryLoopOptions): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failing = false;
  const pass = async () => {
    try {
      await recover();
      if (failing) logger.info('recovery passes work again');
      failing = false;
    } catch (error) {
      if (!failing) logger.warn('recovery pass failed; trying again', { error });
      failing = true;
    }
    if (stopped) return;
    timer = setTimeout(pass, intervalMs);
    (timer as { unref?: () => void }).unref?.();
  };
  timer = setTimeout(pass, 0);
  (timer as { unref?: () => void }).unref?.();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
