import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { KnowledgeDocument } from './knowledge-base.ts';

/** Reads every `.md` file of a folder (not recursive) as a knowledge document. Node only. */
export async function loadKnowledgeFolder(folder: string): Promise<KnowledgeDocument[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.md')).map((entry) => entry.name);
  files.sort();
  return Promise.all(
    files.map(async (file) => ({
      id: basename(file, '.md'),
      markdown: await readFile(join(folder, file), 'utf8'),
    })),
  );
}
