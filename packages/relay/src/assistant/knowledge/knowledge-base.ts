import { z } from 'zod';

/** One section of a merchant's markdown knowledge, the unit that answers cite. */
export interface KnowledgeSection {
  /** Stable id: `<document>#<heading-slug>`. */
  id: string;
  documentId: string;
  title: string;
  /** Markdown body of the section, without its heading. */
  body: string;
  /** The document's top (`#`) heading, when it has one and this section sits under another heading. */
  documentTitle?: string;
}

export const knowledgeDocumentSchema = z.strictObject({
  /** Usually the file name without `.md`; the first part of every section id. */
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, 'may hold only letters, digits, ".", "_" and "-"'),
  markdown: z.string().max(1_000_000),
});

export type KnowledgeDocument = z.infer<typeof knowledgeDocumentSchema>;

/** Splits markdown documents into sections at `#`, `##` and `###` headings. */
export function sectionsFromDocuments(documents: KnowledgeDocument[]): KnowledgeSection[] {
  const sections: KnowledgeSection[] = [];
  for (const document of documents) {
    let title = document.id;
    let documentTitle: string | undefined;
    let lines: string[] = [];
    let inFence = false;
    const usedSlugs = new Set<string>();
    const flush = () => {
      const body = lines.join('\n').trim();
      if (body.length > 0) {
        let slug = slugify(title) || 'section';
        for (let n = 2; usedSlugs.has(slug); n++) slug = `${slugify(title)}-${n}`;
        usedSlugs.add(slug);
        sections.push({
          id: `${document.id}#${slug}`,
          documentId: document.id,
          title,
          body,
          ...(documentTitle !== undefined && documentTitle !== title ? { documentTitle } : {}),
        });
      }
      lines = [];
    };
    for (const line of document.markdown.split(/\r?\n/)) {
      // A "#" inside a fenced code block is code, not a heading.
      if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
      const heading = inFence ? null : /^(#{1,3})\s+(.+?)\s*#*\s*$/.exec(line);
      if (heading?.[1] && heading[2]) {
        flush();
        title = heading[2];
        if (heading[1] === '#' && documentTitle === undefined) documentTitle = title;
      } else {
        lines.push(line);
      }
    }
    flush();
  }
  return sections;
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
