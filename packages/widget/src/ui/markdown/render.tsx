import type { ComponentChildren } from 'preact';
import { type Block, type Inline, parseMarkdown } from './parse.ts';

/** A message's text as Preact nodes: every piece of text is a text node, never parsed as HTML. */
export function Markdown({ text }: { text: string }) {
  return <>{parseMarkdown(text).map(renderBlock)}</>;
}

function renderBlock(block: Block, index: number) {
  if (block.type === 'paragraph') return <p key={index}>{renderInlines(block.children)}</p>;
  const items = block.items.map((item, itemIndex) => <li key={itemIndex}>{renderInlines(item)}</li>);
  return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
}

function renderInlines(nodes: Inline[]): ComponentChildren {
  return nodes.map(renderInline);
}

function renderInline(node: Inline, index: number): ComponentChildren {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'break':
      return <br key={index} />;
    case 'code':
      return <code key={index}>{node.text}</code>;
    case 'strong':
      return <strong key={index}>{renderInlines(node.children)}</strong>;
    case 'em':
      return <em key={index}>{renderInlines(node.children)}</em>;
    case 'link':
      return (
        <a key={index} href={node.href} target="_blank" rel="noopener noreferrer">
          {renderInlines(node.children)}
        </a>
      );
  }
}
