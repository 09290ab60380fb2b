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
