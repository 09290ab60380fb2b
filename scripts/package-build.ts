/**
 * Building a package the way it is published: TypeScript emits `dist/` (JavaScript and declarations), and a check
 * proves that every path in `exports` and `bin` resolves to a built file that `files` ships, the way Hono's
 * `build/validate-exports.ts` does. The `@tandem/source` condition is the workspace's own (tests and type checks
 * read `src/` through it) and is never published, so the check skips it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

export const SOURCE_CONDITION = '@tandem/source';

/** Compiles `tsconfig.build.json` in the package directory with the workspace's TypeScript. */
export function emitWithTypeScript(packageDirectory: string, options: { clean?: boolean } = {}): void {
  if (options.clean !== false) rmSync(join(packageDirectory, 'dist'), { recursive: true, force: true });
  const typescript = createRequire(join(packageDirectory, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [typescript, '-p', join(packageDirectory, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  rewriteDeclarationImports(join(packageDirectory, 'dist'));
}

/**
 * `rewriteRelativeImportExtensions` rewrites `./x.ts` to `./x.js` in JavaScript but leaves declarations alone, and a
 * project without `allowImportingTsExtensions` (every `npm create vite` template but one) cannot follow `./x.ts`.
 */
export function rewriteDeclarationImports(directory: string): void {
  for (const file of filesUnder(directory)) {
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(
      /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+?)\.tsx?(['"])/g,
      (_match, before: string, path: string, quote: string) => `${before}${path}.js${quote}`,
    );
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

export interface ValidateExportsOptions {
  /** Export keys whose files are classic scripts for a `<script>` tag: checked to exist, never imported by Node. */
  scripts?: readonly string[];
}

/** Every problem found, as `key: message` lines; an empty list means the package is fit to pack. */
export async function validateExports(
  packageDirectory: string,
  options: ValidateExportsOptions = {},
): Promise<string[]> {
  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as PackageManifest;
  const problems: string[] = [];
  const shipped = (target: string) => isShipped(target, manifest.files ?? []);

  for (const [key, entry] of Object.entries(manifest.exports ?? {})) {
    const targets = typeof entry === 'string' ? { default: entry } : entry;
    const published = Object.entries(targets).filter(([condition]) => condition !== SOURCE_CONDITION);
    if (!published.some(([condition]) => condition === 'default' || condition === 'import')) {
      problems.push(`${key}: no "default" or "import" target outside the ${SOURCE_CONDITION} condition`);
    }
    const scriptOnly = options.scripts?.includes(key) ?? false;
    if (!scriptOnly && !published.some(([condition]) => condition === 'types')) {
      problems.push(`${key}: no "types" target, so TypeScript users get no declarations`);
    }
    for (const [condition, target] of published) {
      const file = resolve(packageDirectory, target);
      if (!existsSync(file)) problems.push(`${key} (${condition}): ${target} was not built`);
      else if (!shipped(target)) problems.push(`${key} (${condition}): ${target} is not in "files"`);
    }
    const [firstCondition] = Object.keys(targets);
    if (typeof entry !== 'string' && Object.hasOwn(targets, SOURCE_CONDITION) && firstCondition !== SOURCE_CONDITION) {
      problems.push(`${key}: ${SOURCE_CONDITION} must come first, or it never wins`);
    }
  }

  for (const [name, target] of Object.entries(binaries(manifest))) {
    const file = resolve(packageDirectory, target);
    if (!existsSync(file)) problems.push(`bin ${name}: ${target} is missing`);
    else if (!readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node')) {
      problems.push(`bin ${name}: ${target} has no "#!/usr/bin/env node" line`);
    } else if (!shipped(target)) problems.push(`bin ${name}: ${target} is not in "files"`);
  }

  // Node resolves each export by name (self-reference, default conditions) and loads it: the proof a user gets.
  if (problems.length === 0) {
    for (const key of Object.keys(manifest.exports ?? {})) {
      if (options.scripts?.includes(key)) continue;
      const specifier = key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`;
      try {
        execFileSync(
          process.execPath,
          ['--input-type=module', '--eval', `await import(${JSON.stringify(specifier)});`],
          {
            cwd: packageDirectory,
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
      } catch (error) {
        const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(0, 6).join('\n');
        problems.push(`${key}: node cannot import ${specifier}:\n${stderr ?? String(error)}`);
      }
    }
  }
  return problems;
}

/** Fails the build with every problem listed. */
export async function assertExportsValid(packageDirectory: string, options: ValidateExportsOptions = {}) {
  const problems = await validateExports(packageDirectory, options);
  const name = relative(process.cwd(), packageDirectory) || '.';
  if (problems.length > 0) {
    throw new Error(`exports of ${name} do not resolve:\n  ${problems.join('\n  ')}`);
  }
}

// --- internal ---

interface PackageManifest {
  name: string;
  files?: string[];
  bin?: string | Record<string, string>;
  exports?: Record<string, string | Record<string, string>>;
}

function binaries(manifest: PackageManifest): Record<string, string> {
  if (manifest.bin === undefined) return {};
  if (typeof manifest.bin === 'string') return { [manifest.name]: manifest.bin };
  return manifest.bin;
}

function isShipped(target: string, files: readonly string[]): boolean {
  const path = target.replace(/^\.\//, '');
  return files.some((entry) => {
    const prefix = entry.replace(/^\.\//, '').replace(/\/$/, '');
    return path === prefix || path.startsWith(`${prefix}/`);
  });
}

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
