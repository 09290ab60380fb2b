import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface WorkerBundle {
  /** One ES module holding the Worker and everything it imports. */
  code: string;
  /** Every `node:` module (or bare Node built-in) the bundle would still import at run time. */
  nodeImports: string[];
}

/**
 * Bundles a Worker the way Wrangler does (esbuild, browser platform, `workerd`/`worker`/`browser` conditions) but
 * leaves Node built-ins external instead of failing, so a test can name any that crept in.
 */
export async function bundleWorker(entry: URL, options: { textGlobs?: boolean } = {}): Promise<WorkerBundle> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    write: false,
    format: 'esm',
    // Wrangler's defaults: the browser platform (so package.json `browser` maps swap Node files for web ones)
    // with the workerd condition first.
    platform: 'browser',
    target: 'es2022',
    // @tandem/source first: the workspace packages bundle from src/, as the tests run them.
    conditions: ['@tandem/source', 'workerd', 'worker', 'browser'],
    external: ['node:*', ...NODE_BUILTINS],
    metafile: true,
    // Wrangler's `Text` rule for the markdown knowledge files.
    ...(options.textGlobs ? { loader: { '.md': 'text' as const } } : {}),
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output');
  const nodeImports = Object.values(result.metafile.outputs)
    .flatMap((file) => file.imports)
    .filter((entry) => entry.external && (entry.path.startsWith('node:') || NODE_BUILTINS.includes(entry.path)))
    .map((entry) => entry.path);
  return { code: output.text, nodeImports: [...new Set(nodeImports)] };
}

const NODE_BUILTINS = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];
