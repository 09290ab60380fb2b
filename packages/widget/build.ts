/**
 * Builds the script-tag bundle (one IIFE file with everything inside) and the ESM module for npm with its
 * declarations, checks that every export resolves, then prints each file's gzipped size: every byte is paid by
 * every visitor of every merchant.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type InlineConfig } from 'vite';
import { assertExportsValid, emitWithTypeScript } from '../../scripts/package-build.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
/**
 * The stylesheets are CSS in template strings (src/ui/*styles.ts), which the JavaScript minifier leaves as written:
 * this drops the spaces around `{`, `}`, `;` and `,`, after `:` and the last `;` of a rule, and folds the rest.
 * Never before `:`, where a space is a descendant combinator (`.header :focus-visible`). The screenshot tests (e2e/theming.test.ts) guard the result.
 */
const compactStylesheets = {
  name: 'compact-stylesheets',
  transform(code: string, id: string) {
    if (!/[\\/]ui[\\/](attach[\\/])?[\w-]*styles\.ts$/.test(id)) return undefined;
    return code.replace(
      /`([^`$]*)`/g,
      (_, css: string) =>
        `\`${css
          .replace(/\s*([{};,])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .replace(/\s+/g, ' ')
          .trim()}\``,
    );
  },
};
const shared: InlineConfig = {
  root,
  configFile: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [compactStylesheets],
};

await build({
  ...shared,
  // Added by C2 (ui/i18n): the script tag loads translations as scripts beside it, not bundled (src/i18n/index.ts).
  define: { __TANDEM_SCRIPT_TAG__: 'true' },
  build: {
    emptyOutDir: true,
    outDir: 'dist',
    target: 'es2022',
    lib: { entry: 'src/embed/script-tag.ts', formats: ['iife'], name: 'TandemWidget', fileName: () => 'tandem.js' },
  },
});
// The panel (transcript, composer, banner, forms, markdown, their styles), fetched by tandem.js when the visitor
// shows intent or opens the chat; and the attachments (tandem-attach.js: checks, previews, uploads, thumbnails),
// fetched on the first file. They take Preact, signals, the localisation context, the attachments' loader and the
// relay's error class from tandem.js (src/embed/runtime.ts): two copies of Preact could not render one tree.
const runtimeGlobals: Record<string, string> = {
  preact: 'TandemRuntime.preact',
  'preact/hooks': 'TandemRuntime.hooks',
  'preact/jsx-runtime': 'TandemRuntime.jsxRuntime',
  '@preact/signals-core': 'TandemRuntime.signals',
};
/** Our own modules the chunks share with tandem.js, by the path they are imported by (before or after resolution). */
const sharedModules: [RegExp, string][] = [
  [/(^|[\\/])i18n-context\.ts$/, 'TandemRuntime.localization'],
  [/(^|[\\/])load-attachments\.ts$/, 'TandemRuntime.attachments'],
  [/(^|[\\/])relay-client\.ts$/, 'TandemRuntime.client'],
];
const globalOf = (id: string) => runtimeGlobals[id] ?? sharedModules.find(([pattern]) => pattern.test(id))?.[1];
const chunks = [
  { entry: 'src/ui/panel-chunk.ts', name: 'TandemPanel', file: 'tandem-panel.js' },
  { entry: 'src/ui/attach/attach-chunk.ts', name: 'TandemAttach', file: 'tandem-attach.js' },
];
const { runtime } = await import('./src/embed/runtime.ts');
for (const chunk of chunks) {
  await build({
    ...shared,
    define: { __TANDEM_SCRIPT_TAG__: 'true' },
    build: {
      emptyOutDir: false,
      outDir: 'dist',
      target: 'es2022',
      lib: { entry: chunk.entry, formats: ['iife'], name: chunk.name, fileName: () => chunk.file },
      rolldownOptions: {
        external: (id) => globalOf(id) !== undefined,
        output: { globals: (id) => globalOf(id) ?? id },
      },
    },
  });
  // Every name a chunk takes from tandem.js must be in src/embed/runtime.ts, or the chunk would fail in browsers:
  // the same build as ES modules lists them in its import statements.
  const imports = (await build({
    ...shared,
    define: { __TANDEM_SCRIPT_TAG__: 'true' },
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: chunk.entry, formats: ['es'], fileName: () => 'chunk.mjs' },
      rolldownOptions: { external: (id) => globalOf(id) !== undefined },
    },
  })) as { output: { type: string; code?: string }[] } | { output: { type: string; code?: string }[] }[];
  for (const output of [imports].flat()[0]?.output ?? []) {
    if (output.type !== 'chunk') continue;
    for (const [, names = '', module = ''] of (output.code ?? '').matchAll(
      /import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g,
    )) {
      const global = globalOf(module) ?? '';
      const provided = runtime[global.split('.')[1] as keyof typeof runtime] as Record<string, unknown> | undefined;
      const missing = names
        .split(',')
        .map((name: string) => name.trim().split(/\s+as\s+/)[0] ?? '')
        .filter((name: string) => name && !(provided && name in provided));
      if (missing.length > 0) {
        throw new Error(`${chunk.file} imports ${missing.join(', ')} from ${module}: add them to src/embed/runtime.ts`);
      }
    }
  }
}

await build({
  ...shared,
  build: {
    emptyOutDir: false,
    outDir: 'dist',
    target: 'es2022',
    lib: { entry: 'src/loader/loader.ts', formats: ['iife'], name: 'TandemLoader', fileName: () => 'loader.js' },
  },
});
await build({
  ...shared,
  build: {
    emptyOutDir: false,
    outDir: 'dist',
    target: 'es2022',
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    rolldownOptions: { external: [/^preact/, /^@preact\//, 'idb-keyval'] },
  },
});

// Added by C2 (ui/i18n): dist/i18n/<language>.js, the catalogs the script-tag build loads on demand.
const { catalogScript } = await import('./src/i18n/script-catalogs.ts');
mkdirSync(new URL('dist/i18n/', import.meta.url), { recursive: true });
for (const language of ['es', 'de', 'fr', 'sv', 'pt', 'ar']) {
  const module = await import(`./src/i18n/catalogs/${language}.ts`);
  const catalogs = module.register
    ? { catalog: module.default, register: module.register, otherRegister: module.otherRegister }
    : { catalog: module.default };
  writeFileSync(new URL(`dist/i18n/${language}.js`, import.meta.url), catalogScript(language, catalogs));
}

// Declarations for the npm module (dist/types), so a TypeScript app never compiles the widget's own .tsx.
emitWithTypeScript(root, { clean: false });
await assertExportsValid(root, { scripts: ['./tandem.js', './tandem-panel.js', './tandem-attach.js', './loader.js'] });

for (const file of ['tandem.js', 'tandem-panel.js', 'tandem-attach.js', 'loader.js', 'index.js']) {
  const bytes = readFileSync(new URL(`dist/${file}`, import.meta.url));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  console.log(
    `@tandem/widget dist/${file}: ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(2)} KB gzipped`,
  );
}
