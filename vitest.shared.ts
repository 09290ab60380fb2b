/**
 * What every test project shares: workspace packages resolve to their `src/` through the `@tandem/source` export
 * condition, so tests run against the code being edited without a build, while a published package (which has no
 * such condition) resolves to `dist/`.
 */
import { defaultClientConditions, defaultServerConditions, type UserConfig } from 'vite';

export const SOURCE_CONDITION = '@tandem/source';

export const sourceResolution = {
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
} satisfies UserConfig;

/**
 * The default for `expect.poll` in projects that wait on a browser, a server or a child process. Vitest's own 1 s is
 * shorter than a stall of the 2-core CI machine while the whole suite runs; a poll that succeeds returns as soon as it
 * does, so the longer limit costs only a failing test's time.
 */
export const patientPolling = { poll: { timeout: 5_000 } };
