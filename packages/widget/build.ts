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
const shared: InlineConfig = {
  root,
  configFile: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
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
  const catalog = (await import(`./src/i18n/catalogs/${language}.ts`)).default;
  writeFileSync(new URL(`dist/i18n/${language}.js`, import.meta.url), catalogScript(language, catalog));
}

// Declarations for the npm module (dist/types), so a TypeScript app never compiles the widget's own .tsx.
emitWithTypeScript(root, { clean: false });
await assertExportsValid(root, { scripts: ['./tandem.js', './loader.js'] });

for (const file of ['tandem.js', 'loader.js', 'index.js']) {
  const bytes = readFileSync(new URL(`dist/${file}`, import.meta.url));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  console.log(
    `@tandem/widget dist/${file}: ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(2)} KB gzipped`,
  );
}
