/**
 * The safe markdown subset a chat message may use: paragraphs, line breaks, bullet and numbered lists,
 * bold, italic, inline code and links. The result is plain data, rendered later as Preact nodes, so no
 * markup in a message is ever interpreted as HTML.
 *
 * Hand-written rather than a library: the markdown parsers that build virtual nodes (markdown-to-jsx,
 * micromark + hast) cost 6 to 20 KB gzipped, more than the whole panel chunk, for
 * syntax (tables, raw HTML, images) a support answer must not use anyway.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

export type Block = { type: 'paragraph'; children: Inline[] } | { type: 'list'; ordered: boolean; items: Inline[][] };

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
/** Deeper nesting than this is shown as text: a hostile message cannot make the renderer recurse without end. */
const MAX_DEPTH = 8;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;

  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: parseLines(paragraph) });
    if (list) blocks.push({ type: 'list', ordered: list.ordered, items: list.items.map((item) => parseInline(item)) });
    paragraph = [];
    list = undefined;
  };

  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (line.trim() === '') {
      flush();
    } else if (item) {
      const ordered = numbered !== null;
      if (!list || list.ordered !== ordered) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[1] ?? '');
    } else if (list && /^\s+/.test(line)) {
      // An indented line continues the list item above it.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

function parseLines(lines: string[]): Inline[] {
  return lines.flatMap((line, index) => (index === 0 ? parseInline(line) : [{ type: 'break' }, ...parseInline(line)]));
}

/**
 * One pass, earliest match first. Groups: 1 code, 2-3 link text and target, 4 bold+italic, 5 bold (**),
 * 6 bold (__), 7 italic (*), 8 italic (_), 9 a bare web address.
 */
const INLINE =
  /`([^`\n]+)`|\[([^\]\n]+)\]\(\s*((?:[^()\s]|\([^()\s]*\))+)\s*\)|\*\*\*(?=\S)(.+?)\*\*\*|\*\*(?=\S)(.+?)\*\*|__(?=\S)(.+?)__(?!\w)|\*(?=[^\s*])([^*]+?)\*|_(?=[^\s_])([^_]+?)_(?!\w)|(https?:\/\/[^\s<>()]+[^\s<>().,:;!?'"])/g;

export function parseInline(text: string, depth = 0): Inline[] {
  if (depth >= MAX_DEPTH) return [{ type: 'text', text }];
  const nodes: Inline[] = [];
  let last = 0;
  const pattern = new RegExp(INLINE.source, 'g');
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) nodes.push({ type: 'text', text: text.slice(last, match.index) });
    nodes.push(inlineFromMatch(match, depth));
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push({ type: 'text', text: text.slice(last) });
  return nodes;
}

function inlineFromMatch(match: RegExpExecArray, depth: number): Inline {
  const [whole, code, linkText, linkTarget, strongEm, strongStars, strongUnderscores, emStars, emUnderscores, url] =
    match;
  const inner = (value: string) => parseInline(value, depth + 1);
  // Underscores inside a word (snake_case) are not emphasis. Checked here, not with a lookbehind,
  // which Safari before 16.4 cannot parse: the whole bundle would fail to load there.
  const before = match.input[match.index - 1];
  if ((strongUnderscores !== undefined || emUnderscores !== undefined) && before !== undefined && /\w/.test(before)) {
    return { type: 'text', text: whole };
  }
  if (code !== undefined) return { type: 'code', text: code };
  if (linkText !== undefined && linkTarget !== undefined) {
    const href = safeHref(linkTarget);
    // A link to anything but the web or email keeps its words and loses its target.
    return href ? { type: 'link', href, children: inner(linkText) } : { type: 'text', text: linkText };
  }
  if (strongEm !== undefined) return { type: 'strong', children: [{ type: 'em', children: inner(strongEm) }] };
  const strong = strongStars ?? strongUnderscores;
  if (strong !== undefined) return { type: 'strong', children: inner(strong) };
  const em = emStars ?? emUnderscores;
  if (em !== undefined) return { type: 'em', children: inner(em) };
  if (url !== undefined) {
    const href = safeHref(url);
    if (href) return { type: 'link', href, children: [{ type: 'text', text: url }] };
  }
  return { type: 'text', text: whole };
}

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The address as the browser will read it, when it is absolute and http, https or mailto; otherwise undefined. */
export function safeHref(target: string): string | undefined {
  try {
    const url = new URL(target);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The words of a message without its markup, for a screen-reader announcement. */
export function markdownToText(source: string): string {
  const inlineText = (nodes: Inline[]): string =>
    nodes
      .map((node) =>
        node.type === 'break'
          ? ' '
          : node.type === 'text' || node.type === 'code'
            ? node.text
            : inlineText(node.children),
      )
      .join('');
  return parseMarkdown(source)
    .map((block) => (block.type === 'paragraph' ? inlineText(block.children) : block.items.map(inlineText).join('; ')))
    .join(' ');
}
