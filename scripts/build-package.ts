/**
 * `pnpm build` of a TypeScript-only package (protocol, handoff, relay): emits `dist/` from `tsconfig.build.json`,
 * then checks that every export resolves. Run from the package directory.
 */
import { assertExportsValid, emitWithTypeScript } from './package-build.ts';

const packageDirectory = process.cwd();
emitWithTypeScript(packageDirectory);
await assertExportsValid(packageDirectory);
