import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const source = fileURLToPath(new URL('../', import.meta.url));

describe('the widget source', () => {
  it('never writes HTML: no innerHTML, outerHTML, insertAdjacentHTML, dangerouslySetInnerHTML or eval', async () => {
    const files = (await readdir(source, { recursive: true })).filter(
      (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file),
    );
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(`${source}${file}`, 'utf8');
      for (const pattern of [
        /\.innerHTML\b/,
        /\.outerHTML\b/,
        /insertAdjacentHTML/,
        /dangerouslySetInnerHTML/,
        /\beval\(/,
        /new Function\(/,
      ]) {
        if (pattern.test(text)) offenders.push(`${file}: ${pattern.source}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
