import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * How tests start the `tandem-relay` command: its TypeScript source through tsx, with the workspace packages read
 * from `src/` (the `@tandem/source` condition), so no build is needed. The published binary runs the compiled
 * JavaScript in `dist/`; the install test (e2e/install.test.ts) starts that one from packed tarballs.
 */
export const CLI_ARGUMENTS: readonly string[] = [
  '--conditions=@tandem/source',
  '--import',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
  fileURLToPath(new URL('../src/node/cli.ts', import.meta.url)),
];
