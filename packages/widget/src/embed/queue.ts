/**
 * The global `Tandem` function before the bundle arrives: each call is kept as an argument list in `q`.
 * The inline snippet may create it before the loader runs:
 * `window.Tandem=window.Tandem||((...args)=>{Tandem.q=Tandem.q||[];Tandem.q.push(args)})`
 */
export interface TandemQueue {
  (...args: unknown[]): unknown;
  /** Commands called before the bundle loaded, oldest first. */
  q?: unknown[][];
  /** The loader's `data-*` options, read by the bundle. */
  l?: Record<string, string | undefined>;
  /** Set once a loader ran, so a second copy of the snippet does nothing. */
  loaded?: boolean;
}
