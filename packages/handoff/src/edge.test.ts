import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Gzipped ceilings (zod excluded, it is shared with the relay). Raise one only in the commit that needs it, saying why.
 * Raised for attachments (issue 15): each adapter uploads files its helpdesk's way and downloads agents' files
 * with a size-capped streaming reader (about 1.5 KB gzipped per adapter; the relay's bundle, not the widget's).
 */
const EDGE_ENTRIES = {
  'index.ts': 18_500,
  'slack/index.ts': 10_000,
  'zendesk/index.ts': 8_750,
  'email/index.ts': 9_250,
  'webhook/index.ts': 6_500,
} as const;

async function bundle(entry: string) {
  const result = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    // The browser platform has no Node built-ins: a `node:` import or a Node-only package fails the build,
    // exactly as it would fail on Cloudflare Workers without compatibility flags.
    platform: 'browser',
    minify: true,
    metafile: true,
    logLevel: 'silent',
    external: ['zod'],
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { gzipped: gzipSync(code).length, inputs: Object.keys(result.metafile.inputs) };
}

describe('what edge runtimes import', () => {
  for (const [entry, ceiling] of Object.entries(EDGE_ENTRIES)) {
    it(`${entry} bundles without Node built-ins in at most ${ceiling} gzipped bytes`, async () => {
      const { gzipped, inputs } = await bundle(entry);
      console.info(`@tandem/handoff ${entry}: ${gzipped} bytes gzipped (ceiling ${ceiling})`);
      expect(inputs.some((input) => input.includes('nodemailer'))).toBe(false);
      expect(gzipped).toBeLessThanOrEqual(ceiling);
    });
  }

  it('keeps SMTP on its own Node-only subpath', async () => {
    await expect(bundle('email/smtp-index.ts')).rejects.toThrow(/Could not resolve "node:/);
  });
});
