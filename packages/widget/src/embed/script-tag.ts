import { createTandemApi, type TandemApi } from '../api.ts';
import { optionsFromDataset } from '../options.ts';
import type { TandemQueue } from './queue.ts';
import { exposeRuntime } from './runtime.ts';

/**
 * The script-tag bundle's entry. Replaces the loader's queue with the real `Tandem(command, ...args)`,
 * boots from `data-*` attributes (on this script tag, or on the loader's), then replays the queued
 * commands in order. Commands that arrive before boot wait for it.
 */
const win = window as unknown as { Tandem?: TandemQueue };
const own = (document.currentScript as HTMLScriptElement | null)?.dataset ?? {};

exposeRuntime();

function start(): void {
  const stub = win.Tandem;
  const api = createTandemApi();
  const dispatch = ((command: unknown, ...args: unknown[]) => {
    const method = typeof command === 'string' ? api[command as keyof TandemApi] : undefined;
    if (typeof method !== 'function' || command === 'constructor') {
      console.error(`[tandem] "${String(command)}" is not a Tandem command.`);
      return undefined;
    }
    try {
      return (method as (...values: unknown[]) => unknown)(...args);
    } catch (error) {
      console.error(`[tandem] ${command} failed:`, error);
      return undefined;
    }
  }) as TandemQueue;
  dispatch.loaded = true;
  win.Tandem = dispatch;

  const queued = (stub?.q ?? []).map((item) => Array.from(item as ArrayLike<unknown>));
  const attributes = optionsFromDataset(own.relayUrl ? own : (stub?.l ?? {}));
  const bootCall = queued.find((item) => item[0] === 'boot');
  if (bootCall) {
    // data-* attributes are the base, the options given to boot win.
    bootCall[1] = { ...attributes, ...(bootCall[1] as object) };
  } else if (attributes.relayUrl) {
    queued.unshift(['boot', attributes]);
  }
  for (const [command, ...args] of queued) dispatch(command, ...args);
  document.querySelector('tandem-launcher')?.remove();
}

if (document.body) start();
else document.addEventListener('DOMContentLoaded', start, { once: true });
