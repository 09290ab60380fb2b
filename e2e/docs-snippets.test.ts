/**
 * Every TypeScript and JavaScript snippet in the README and docs/ is type-checked as its own module against the
 * workspace packages, with the strict settings the project itself uses, so the docs cannot rot. A snippet that is
 * deliberately partial says so in an HTML comment right above it: `<!-- snippet: fragment -->` (not checked).
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside the examples package, so snippets import @tandem/* and hono as a user's project would. Ignored by git. */
const SNIPPETS = join(ROOT, 'examples', '.doc-snippets');

interface Snippet {
  /** The markdown file, relative to the repository. */
  document: string;
  /** Line of the opening fence. */
  line: number;
  language: 'ts' | 'tsx' | 'js';
  code: string;
}

/** The fenced TypeScript and JavaScript blocks of one markdown text, except those marked as fragments. */
function extractSnippets(document: string, markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(ts|typescript|tsx|js|javascript)\s*$/.exec(lines[index] ?? '');
    if (!fence) continue;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && !/^```\s*$/.test(lines[index] ?? ''); index++) body.push(lines[index] ?? '');
    const marker = previousNonEmpty(lines, start);
    if (marker?.includes('<!-- snippet: fragment')) continue;
    const language = fence[1] === 'tsx' ? 'tsx' : fence[1] === 'js' || fence[1] === 'javascript' ? 'js' : 'ts';
    snippets.push({ document, line: start + 1, language, code: `${body.join('\n')}\n` });
  }
  return snippets;
}

describe('the code in the docs', () => {
  it('extracts fenced blocks and skips the ones marked as fragments', () => {
    const markdown = ['# Title', '```ts', 'const a = 1;', '```', '<!-- snippet: fragment -->', '```ts', 'b', '```'];
    expect(extractSnippets('x.md', markdown.join('\n'))).toEqual([
      { document: 'x.md', line: 2, language: 'ts', code: 'const a = 1;\n' },
    ]);
  });

  it('type-checks every snippet of the README and docs/ under strict TypeScript', async () => {
    const documents = ['README.md', ...(await markdownUnder(join(ROOT, 'docs')))];
    const snippets: Snippet[] = [];
    for (const document of documents) {
      snippets.push(...extractSnippets(document, await readFile(join(ROOT, document), 'utf8')));
    }
    expect(snippets.length).toBeGreaterThan(20);

    await rm(SNIPPETS, { recursive: true, force: true });
    await mkdir(SNIPPETS, { recursive: true });
    const origins = new Map<string, Snippet>();
    for (const snippet of snippets) {
      const name = `${snippet.document.replace(/[^a-z0-9]+/gi, '-')}-${snippet.line}.${snippet.language}`;
      origins.set(name, snippet);
      await writeFile(join(SNIPPETS, name), snippet.code);
    }
    // What a user's project declares itself: markdown imported as text (Wrangler's Text rule), and the script
    // tag's global command queue.
    await writeFile(
      join(SNIPPETS, 'environment.d.ts'),
      [
        "declare module '*.md' { const text: string; export default text; }",
        "declare const Tandem: import('@tandem/widget').TandemQueue;",
      ].join('\n'),
    );
    await writeFile(
      join(SNIPPETS, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: {
          types: ['node'],
          // Each snippet is a module of its own, as in a user's file; JavaScript snippets are checked too.
          moduleDetection: 'force',
          allowJs: true,
          checkJs: true,
        },
        include: ['*.ts', '*.tsx', '*.js', 'environment.d.ts'],
      }),
    );
    const typescript = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const errors = await run(process.execPath, [typescript, '-p', join(SNIPPETS, 'tsconfig.json')], {
      cwd: SNIPPETS,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    // Point each error at the markdown line it comes from.
    const located = errors
      .split('\n')
      .filter((line) => /error TS\d+/.test(line))
      .map((line) => {
        const match = /^([^(]+)\((\d+),(\d+)\): (.*)$/.exec(line);
        const snippet = match ? origins.get(relative(SNIPPETS, join(SNIPPETS, match[1] ?? ''))) : undefined;
        if (!match || !snippet) return line;
        return `${snippet.document}:${snippet.line + Number(match[2])}: ${match[4]}`;
      });
    expect(located).toEqual([]);
    await rm(SNIPPETS, { recursive: true, force: true });
  }, 300_000);
});

// --- internal ---

function previousNonEmpty(lines: readonly string[], index: number): string | undefined {
  for (let previous = index - 1; previous >= 0; previous--) {
    if ((lines[previous] ?? '').trim() !== '') return lines[previous];
  }
  return undefined;
}

async function markdownUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await markdownUnder(path)));
    else if (entry.name.endsWith('.md')) files.push(relative(ROOT, path));
  }
  return files.sort();
}
