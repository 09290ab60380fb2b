// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from './render.tsx';

afterEach(cleanup);

function renderMarkdown(text: string): Element {
  return render(<Markdown text={text} />).container;
}

describe('message markdown', () => {
  it('renders paragraphs, line breaks, bold, italic and inline code as elements', () => {
    const html = renderMarkdown(
      'Returns are **free** within *30 days*.\nUse code `WELCOME10`.\n\nSecond paragraph.',
    ).innerHTML;
    expect(html).toBe(
      '<p>Returns are <strong>free</strong> within <em>30 days</em>.<br>Use code <code>WELCOME10</code>.</p><p>Second paragraph.</p>',
    );
  });

  it('renders bullet and numbered lists', () => {
    const container = renderMarkdown('Steps:\n1. Sign in\n2. Open **Orders**\n\n- fast\n- free');
    expect(container.innerHTML).toBe(
      '<p>Steps:</p><ol><li>Sign in</li><li>Open <strong>Orders</strong></li></ol><ul><li>fast</li><li>free</li></ul>',
    );
  });

  it('opens http, https and mailto links in a new tab without giving the opened page a handle', () => {
    const container = renderMarkdown(
      'See [our policy](https://shop.example/returns) or mail support@shop.example via [email](mailto:support@shop.example), and http://shop.example/faq.',
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['our policy', 'https://shop.example/returns'],
      ['email', 'mailto:support@shop.example'],
      ['http://shop.example/faq', 'http://shop.example/faq'],
    ]);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it.each([
    ['[click me](javascript:alert(1))'],
    ['[click me](JaVaScRiPt:alert(document.cookie))'],
    ['[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['[click me](vbscript:msgbox)'],
    ['[click me](/relative/path)'],
    ['[click me](//evil.example/x)'],
  ])('keeps the words of %s but never makes it a link', (source) => {
    const container = renderMarkdown(source);
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toBe('click me');
  });

  it('shows HTML in a message as the text that was typed, never as markup', () => {
    const hostile =
      '<script>window.pwned = true</script><img src=x onerror="window.pwned=true"> &lt;b&gt; &amp; <a href="javascript:alert(1)">x</a>';
    const container = renderMarkdown(hostile);
    expect(container.querySelector('script, img, a, b')).toBeNull();
    expect(container.textContent).toBe(hostile);
  });

  it('handles nested emphasis and leaves unbalanced markers as typed', () => {
    expect(renderMarkdown('***both*** and **bold with *italic* inside**').innerHTML).toBe(
      '<p><strong><em>both</em></strong> and <strong>bold with <em>italic</em> inside</strong></p>',
    );
    expect(renderMarkdown('a ** b * c ` d').textContent).toBe('a ** b * c ` d');
    expect(renderMarkdown('keep snake_case_names and 5 * 3 * 2 = 30').textContent).toBe(
      'keep snake_case_names and 5 * 3 * 2 = 30',
    );
  });

  it('does not interpret markdown inside inline code', () => {
    expect(renderMarkdown('`**not bold** [x](https://a.example)`').innerHTML).toBe(
      '<p><code>**not bold** [x](https://a.example)</code></p>',
    );
  });

  it('stops nesting at a fixed depth so a hostile message cannot exhaust the stack', () => {
    const deep = `${'**['.repeat(50)}x${'](https://a.example)**'.repeat(50)}`;
    const container = renderMarkdown(deep);
    expect(container.textContent).toContain('x');
    let depth = 0;
    for (let node: Element | null = container.querySelector('p'); node?.firstElementChild; ) {
      node = node.firstElementChild;
      depth += 1;
    }
    expect(depth).toBeLessThanOrEqual(16);
  });
});
